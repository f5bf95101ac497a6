package io.userflowsync.docs;

import io.userflowsync.doctor.PermissionCheck;
import io.userflowsync.doctor.PermissionNeed;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The permissions tables people follow when they grant the app registration its Graph application permissions
 * (docs/graph-calls-and-permissions.md, and the quick start's in README.md) must name the permissions {@code doctor}
 * checks ({@link PermissionCheck#NEEDS}), spelled as Graph spells them: a permission the table leaves out, or one
 * misspelled, is a grant that fails later at a user's sign-up or at the first apply.
 */
class PermissionsDocumentationTest {
    private static final Path PAGE = Path.of("docs/graph-calls-and-permissions.md");
    private static final Pattern PERMISSION = Pattern.compile("`([A-Z][A-Za-z]+(?:\\.[A-Z][A-Za-z]+)+\\.All)`");

    /** The rows of the first table whose header is {@code header}, each row's cells outside the leading pipe. */
    static List<String> tableRows(List<String> lines, String header) {
        List<String> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines) {
            String l = line.strip();
            if (l.equals(header)) {
                inTable = true;
            } else if (inTable && l.startsWith("|")) {
                if (!l.startsWith("|---")) {
                    rows.add(l);
                }
            } else if (inTable) {
                break;
            }
        }
        return rows;
    }

    static Set<String> permissions(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = PERMISSION.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Set<String> checkedByDoctor() {
        Set<String> all = new TreeSet<>();
        PermissionCheck.NEEDS.forEach(n -> all.addAll(n.anyOf()));
        // A Read.All that doctor names in a need's note (Graph documents only ReadWrite there) is Graph's name too.
        all.add(PermissionCheck.FLOWS_READ);
        all.add(PermissionCheck.EVENT_FLOWS_READ);
        all.add(PermissionCheck.EXTENSIONS_READ);
        return all;
    }

    private static List<String> permissionsTable() throws IOException {
        return tableRows(Files.readAllLines(PAGE, StandardCharsets.UTF_8), "| command | Graph application permissions |");
    }

    @Test
    void thePermissionsTableNamesEveryPermissionDoctorChecksAndNoOther() throws IOException {
        List<String> rows = permissionsTable();
        assertThat(rows).as("the table in " + PAGE).isNotEmpty();
        Set<String> documented = permissions(String.join("\n", rows));

        assertThat(documented).as("permissions in " + PAGE + "'s table that doctor does not check")
                .isSubsetOf(checkedByDoctor());
        Set<String> needed = new TreeSet<>();
        PermissionCheck.NEEDS.forEach(n -> needed.addAll(n.anyOf()));
        assertThat(documented).as("permissions doctor checks, missing from " + PAGE + "'s table").containsAll(needed);
    }

    @Test
    void theApplyRowNamesOnePermissionOfEveryNeedApplyHas() throws IOException {
        String applyRow = permissionsTable().stream().filter(r -> r.startsWith("| `apply`, `run`")).findFirst()
                .orElseThrow(() -> new AssertionError("no `apply`, `run` row in " + PAGE));
        Set<String> inRow = permissions(applyRow);
        for (PermissionNeed need : PermissionCheck.NEEDS) {
            if (need.forApply()) {
                assertThat(need.anyOf()).as(need.feature() + ": the apply row names one of these").containsAnyOf(
                        inRow.toArray(String[]::new));
            }
        }
    }

    @Test
    void theQuickStartGrantsWhatApplyNeedsWithPermissionsDoctorKnows() throws IOException {
        List<String> rows = tableRows(Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8),
                "| for | application permission |");
        assertThat(rows).as("README's quick start permissions table").isNotEmpty();
        Set<String> named = permissions(String.join("\n", rows));
        assertThat(named).isSubsetOf(checkedByDoctor());
        String planRow = rows.stream().filter(r -> r.contains("`plan`")).findFirst().orElseThrow();
        Set<String> forPlan = new LinkedHashSet<>(permissions(planRow));
        for (PermissionNeed need : PermissionCheck.NEEDS) {
            if (need.forApply()) {
                assertThat(need.anyOf()).as(need.feature() + ": README's quick start grants one of these")
                        .containsAnyOf(forPlan.toArray(String[]::new));
            }
        }
    }

    @Test
    void theTableReaderStopsAtTheTablesEndAndSkipsItsRule() {
        List<String> lines = List.of("text", "| command | Graph application permissions |", "|---|---|",
                "| `plan` | `IdentityUserFlow.ReadWrite.All` and `APIConnectors.Read.All` |", "",
                "| `other` | `AuditLog.Read.All` |");
        List<String> rows = tableRows(lines, "| command | Graph application permissions |");

        assertThat(rows).containsExactly("| `plan` | `IdentityUserFlow.ReadWrite.All` and `APIConnectors.Read.All` |");
        assertThat(permissions(rows.get(0))).containsExactly("APIConnectors.Read.All", "IdentityUserFlow.ReadWrite.All");
        assertThat(permissions("`.Read.All` and `sync.forensics` and `IdentityUserFlow.Read.All`"))
                .containsExactly("IdentityUserFlow.Read.All");
    }
}
