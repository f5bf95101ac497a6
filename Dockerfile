# The agent's image: `run` (the daemon) by default, any other command as arguments.
#
#   docker build -t userflow-connector-sync .
#   docker run --rm --read-only --tmpfs /tmp -v ucs-state:/var/lib/userflow-connector-sync \
#     -e AZURE_TENANT_ID -e AZURE_CLIENT_ID -e AZURE_CLIENT_SECRET \
#     -e SYNC_GIT_URL=https://github.com/example/identity-config.git userflow-connector-sync
#
# The log is text lines on stderr; add -e SYNC_LOG_FORMAT=json for one JSON object per line, as log pipelines read it
# (docs/logging.md). The image holds its SBOM at /opt/userflow-connector-sync/sbom/bom.cdx.json (docs/sbom.md).
#
# The base images are build arguments, so the same file builds on other bases (deploy/container-test builds it on
# Debian images made from Debian packages, reusing the host's Maven cache with `podman build -v ~/.m2:/root/.m2`).
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
# Extra Maven options, e.g. --settings=FILE where the Maven cache is mounted into the build and there is no network
# (deploy/container-test mounts deploy/maven-cache-only-settings.xml; --offline would skip the SBOM, docs/sbom.md).
ARG MAVEN_OPTIONS=
WORKDIR /src
COPY pom.xml .
# Fetch the plugins and dependencies in a layer of their own, so a source change does not download them again:
# package the project with no sources yet (dependency:go-offline would also want plugins the build never runs).
RUN mvn -q -B ${MAVEN_OPTIONS} -DskipTests package && rm -rf target
COPY src src
COPY routes routes
COPY config config
# The package phase also writes the SBOM, target/bom.json (docs/sbom.md); Maven skips its plugin when offline (-o),
# so an offline build stops here instead of making an image without one.
RUN mvn -q -B ${MAVEN_OPTIONS} -DskipTests package \
 && { test -s target/bom.json || { echo "no SBOM (target/bom.json): cyclonedx-maven-plugin does not run when Maven is" \
        "offline; build online or with deploy/maven-cache-only-settings.xml (docs/sbom.md)" >&2; exit 1; }; }

FROM ${RUNTIME_IMAGE}
# uid/gid 10001 under a name no base image has: every Debian and Ubuntu image already has a user 'sync' (uid 4), so
# `useradd sync` fails (issue 6). The passwd entry gives the JVM a user.home and user.name, which JGit reads.
RUN groupadd --gid 10001 userflow-sync \
 && useradd --uid 10001 --gid 10001 --home-dir /var/lib/userflow-connector-sync --no-create-home \
      --shell /usr/sbin/nologin userflow-sync \
 && mkdir -p /var/lib/userflow-connector-sync /var/lib/userflow-connector-sync-ha \
 && chown 10001:10001 /var/lib/userflow-connector-sync /var/lib/userflow-connector-sync-ha \
 && chmod 0700 /var/lib/userflow-connector-sync /var/lib/userflow-connector-sync-ha
COPY --from=build /src/target/userflow-connector-sync.jar /opt/userflow-connector-sync/userflow-connector-sync.jar
# The SBOM of what the jar ships (CycloneDX JSON, docs/sbom.md), for scanners that read SBOMs found in an image.
COPY --from=build /src/target/bom.json /opt/userflow-connector-sync/sbom/bom.cdx.json
LABEL io.userflowsync.sbom.path="/opt/userflow-connector-sync/sbom/bom.cdx.json" \
      io.userflowsync.sbom.format="CycloneDX JSON"
# AppCDS (issue 7 item 4): the classes the demo loads (Camel, the pipeline, Jackson, the HTTP client), parsed and
# verified once here and mapped from this archive at every start. The JVM checks that the archive was made by the
# same JVM from the same jar (path, size, time), which the image guarantees; where it does not match, the JVM starts
# without it (and without the JDK's own archive). The build fails if the demo or the archive fails.
RUN java -XX:ArchiveClassesAtExit=/opt/userflow-connector-sync/app-cds.jsa -Djava.io.tmpdir=/tmp \
      -jar /opt/userflow-connector-sync/userflow-connector-sync.jar demo >/dev/null \
 && test -s /opt/userflow-connector-sync/app-cds.jsa
# Numeric, so Kubernetes' runAsNonRoot can check it.
USER 10001:10001
WORKDIR /var/lib/userflow-connector-sync
# LANG: without a UTF-8 locale the JVM prints the plan's ✓ and → as '?'.
# Not set here, so text stays the default: SYNC_LOG_FORMAT=json, one JSON object per log line (docs/logging.md).
ENV HOME=/var/lib/userflow-connector-sync \
    LANG=C.UTF-8 \
    SYNC_GIT_WORK_DIR=/var/lib/userflow-connector-sync/git
# The work dir (the Git clone, snapshots and the last good revision) is the only state, and the only place the agent
# writes besides /tmp: with a read-only root file system, mount a volume here and a tmpfs at /tmp.
VOLUME /var/lib/userflow-connector-sync
# The webhook and status endpoints (sync.http.port), metrics and health (sync.management.port).
EXPOSE 8080 9876
# /var/lib/userflow-connector-sync-ha: where deploy/compose.yaml mounts the volume the replicas share for the leader
# lock (sync.ha=file); it exists here, owned by 10001, so that a new named volume mounted on it is writable.
# Docker's health check asks the agent's own readiness (the healthcheck command: the image has no curl or wget).
# Kubernetes ignores it and probes /observe/health/* itself (deploy/kubernetes). podman keeps it with --format docker.
HEALTHCHECK --interval=30s --timeout=10s --start-period=90s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-Xmx32m", "-XX:SharedArchiveFile=/opt/userflow-connector-sync/app-cds.jsa", \
       "-jar", "/opt/userflow-connector-sync/userflow-connector-sync.jar", "healthcheck"]
# The JVM, Camel and Vert.x (platform-http) write only below java.io.tmpdir, named here with Vert.x's file cache
# (without a writable /tmp the daemon stops at start: "Unable to create folder at path '/tmp/vertx-cache'").
# ExitOnOutOfMemoryError: a JVM out of heap exits and is restarted by the orchestrator instead of running on
# half-broken. JDK_JAVA_OPTIONS adds options to these.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", \
            "-Dvertx.cacheDirBase=/tmp/vertx-cache", "-XX:SharedArchiveFile=/opt/userflow-connector-sync/app-cds.jsa", \
            "-jar", "/opt/userflow-connector-sync/userflow-connector-sync.jar"]
CMD ["run"]
