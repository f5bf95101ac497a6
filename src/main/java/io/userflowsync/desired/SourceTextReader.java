package io.userflowsync.desired;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Reads a desired-state file strictly: at most {@link DesiredStateFormat#MAX_FILE_BYTES}, and UTF-8 only. */
final class SourceTextReader {
    private SourceTextReader() {
    }

    static Optional<String> read(Path path, FileProblems problems) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            // Read one byte past the limit rather than trusting the size: the file may grow while we read it.
            bytes = in.readNBytes(DesiredStateFormat.MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            problems.add(problems.at(1, 1), SourceFiles.cannotRead(e));
            return Optional.empty();
        }
        if (bytes.length > DesiredStateFormat.MAX_FILE_BYTES) {
            problems.add(problems.at(1, 1), "file is larger than 1 MiB (" + DesiredStateFormat.MAX_FILE_BYTES
                    + " bytes), the limit for a desired-state file; split it into several files in a folder");
            return Optional.empty();
        }
        return decode(bytes, problems);
    }

    private static Optional<String> decode(byte[] bytes, FileProblems problems) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        String decoded = out.flip().toString();
        if (result.isError()) {
            int offset = in.position();
            problems.add(problems.atIndex(decoded, decoded.length()),
                    String.format(Locale.ROOT,
                            "not valid UTF-8 (byte 0x%02X at byte offset %d); save the file as UTF-8",
                            bytes[offset] & 0xff, offset));
            return Optional.empty();
        }
        // A byte order mark is legal in YAML but carries no content.
        return Optional.of(decoded.startsWith("\uFEFF") ? decoded.substring(1) : decoded);
    }
}
