package io.userflowsync.savedplan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plan files on disk: written whole, replaced whole, never a temporary file left behind; read with care. */
class PlanFileStoreTest {
    @TempDir
    Path dir;

    @Test
    void aSavedPlanLoadsBackAndReplacesAnOlderFileWhole() throws Exception {
        Path file = dir.resolve("prod.plan.json");
        Files.writeString(file, "an older plan");

        PlanFileStore.save(file, PlanFileFormatTest.everything());

        assertThat(PlanFileStore.load(file)).isEqualTo(PlanFileFormatTest.everything());
        assertThat(files()).containsExactly("prod.plan.json");
    }

    @Test
    void aFailedSaveLeavesNoTemporaryFileBehind() throws Exception {
        Path file = dir.resolve("taken");
        Files.createDirectories(file.resolve("not-empty"));

        assertThatThrownBy(() -> PlanFileStore.save(file, PlanFileFormatTest.everything()))
                .isInstanceOf(java.io.IOException.class);
        assertThat(files()).containsExactly("taken");
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("nope.json");

        assertThatThrownBy(() -> PlanFileStore.load(file)).isInstanceOf(PlanFileException.class)
                .hasMessage(file + ": no such file");
    }

    @Test
    void aFileThatIsNotUtf8TextIsNoPlanFile() throws Exception {
        Path file = dir.resolve("binary.json");
        Files.write(file, new byte[]{'{', (byte) 0xC3, (byte) 0x28, '}'});

        assertThatThrownBy(() -> PlanFileStore.load(file)).hasMessage(file + ": not a plan file: it is not UTF-8 text");
    }

    @Test
    void aFileFarLargerThanAnyPlanIsNotReadIntoMemory() throws Exception {
        Path file = dir.resolve("huge.json");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(PlanFileStore.MAX_BYTES + 1);
        }

        assertThatThrownBy(() -> PlanFileStore.load(file)).hasMessage(file + ": not a plan file: larger than 64 MiB");
    }

    @Test
    void anEditedFileIsRefusedNamingTheFile() throws Exception {
        Path file = dir.resolve("prod.plan.json");
        PlanFileStore.save(file, PlanFileFormatTest.everything());
        Files.writeString(file, Files.readString(file).replace("B2X_1_customers", "B2X_1_customerz"));

        assertThatThrownBy(() -> PlanFileStore.load(file))
                .hasMessageStartingWith(file + ": the plan file was edited or damaged after it was written");
    }

    private java.util.List<String> files() throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
