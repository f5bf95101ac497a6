# Build: docker build -t userflow-connector-sync .
# Run:   docker run --rm -e AZURE_TENANT_ID -e AZURE_CLIENT_ID -e AZURE_CLIENT_SECRET \
#          -e SYNC_GIT_URL=https://github.com/example/identity-config.git userflow-connector-sync
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -q -B dependency:go-offline
COPY src src
COPY routes routes
COPY config config
RUN mvn -q -B -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/userflow-connector-sync --create-home sync
WORKDIR /var/lib/userflow-connector-sync
COPY --from=build /src/target/userflow-connector-sync.jar /opt/userflow-connector-sync/userflow-connector-sync.jar
USER 10001
ENV SYNC_GIT_WORK_DIR=/var/lib/userflow-connector-sync/git
# The webhook and status endpoints (sync.http.port), metrics and health (sync.management.port).
EXPOSE 8080 9876
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/userflow-connector-sync/userflow-connector-sync.jar"]
CMD ["run"]
