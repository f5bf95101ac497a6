package io.userflowsync.connector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The work dir's fingerprint key and record of what was sent survive a restart and never hold a secret. */
class FingerprintsAndSentRecordsTest {
    @TempDir
    Path workDir;

    @Test
    void theSamePasswordHasTheSameFingerprintAcrossRestartsAndAnotherPasswordAnother() {
        String first = Fingerprints.in(workDir).ofPassword("correct horse");
        String afterRestart = Fingerprints.in(workDir).ofPassword("correct horse");

        assertThat(afterRestart).isEqualTo(first);
        assertThat(Fingerprints.in(workDir).ofPassword("correct horse!")).isNotEqualTo(first);
        assertThat(first).doesNotContain("correct").hasSize(64);
    }

    @Test
    void anotherWorkDirKeysItsFingerprintsDifferently(@TempDir Path other) {
        assertThat(Fingerprints.in(other).ofPassword("pw")).isNotEqualTo(Fingerprints.in(workDir).ofPassword("pw"));
    }

    @Test
    void theKeyIsReadableByTheAgentsUserOnly() throws Exception {
        Fingerprints.in(workDir);
        Path key = workDir.resolve(Fingerprints.KEY_FILE);

        if (Files.getFileStore(key).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        }
        assertThat(Files.size(key)).isEqualTo(32);
    }

    @Test
    void recordsSurviveARestartAndHoldOnlyIdsAndFingerprints() throws Exception {
        Fingerprints fingerprints = Fingerprints.in(workDir);
        Map<String, SentRecord> records = Map.of(
                "partner-check", new SentRecord("id-1", Optional.of(fingerprints.ofPassword("s3cret-value"))),
                "fraud", new SentRecord("id-2", Optional.empty()));

        new SentRecords(workDir).save(records);

        assertThat(new SentRecords(workDir).load()).isEqualTo(records);
        assertThat(Files.readString(workDir.resolve(SentRecords.FILE))).doesNotContain("s3cret-value");
    }

    @Test
    void noRecordOrAnUnreadableOneIsEmptySoEverySecretIsSentOnceMore() throws Exception {
        assertThat(new SentRecords(workDir).load()).isEmpty();

        Files.writeString(workDir.resolve(SentRecords.FILE), "{not json");

        assertThat(new SentRecords(workDir).load()).isEmpty();
    }
}
