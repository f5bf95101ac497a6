package io.userflowsync.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README is what a newcomer reads first, so it stays short, and every page under docs/ (and any other Markdown
 * page of the repository) keeps each relative link and anchor resolving, as GitHub renders them. The pages are found
 * on disk: a page added to docs/ is checked without being listed here.
 */
class DocumentationLinksTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final int README_MAX_LINES = 300;


    /** Every Markdown page of the repository but what the build and Git keep. */
    private static List<Path> pages() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .filter(p -> {
                        String first = ROOT.relativize(p).getName(0).toString();
                        return !first.equals("target") && !first.startsWith(".") && !first.equals("node_modules");
                    })
                    .filter(p -> !ROOT.relativize(p).startsWith(Path.of("src", "test", "resources")))
                    .sorted().toList();
        }
    }

    @Test
    void everyRelativeLinkAndAnchorOfEveryPageResolves() throws IOException {
        List<Path> pages = pages();
        assertThat(pages).contains(ROOT.resolve("README.md"), ROOT.resolve("docs/README.md"),
                ROOT.resolve("docs/settings.md"));
        List<String> problems = new ArrayList<>();
        for (Path page : pages) {
            problems.addAll(MarkdownLinks.problems(ROOT, page, Set.of()));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theReadmeStaysAtMostThreeHundredLines() throws IOException {
        assertThat(Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(
                README_MAX_LINES);
    }

    @Test
    void theIndexAndTheReadmeLinkEveryDocsPage() throws IOException {
        List<String> index = MarkdownLinks.links(Files.readAllLines(ROOT.resolve("docs/README.md"), StandardCharsets.UTF_8))
                .stream().map(l -> l.target().replaceAll("#.*", "")).toList();
        List<String> readme = MarkdownLinks.links(Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8))
                .stream().map(l -> l.target().replaceAll("#.*", "")).toList();
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            for (Path page : docs.filter(p -> p.toString().endsWith(".md")).toList()) {
                String name = page.getFileName().toString();
                if (name.equals("README.md")) {
                    continue;
                }
                assertThat(index).as("docs/README.md links " + name).contains(name);
                assertThat(readme).as("README.md links docs/" + name).contains("docs/" + name);
            }
        }
    }

    @Test
    void anchorsFollowGitHubsRules() {
        assertThat(MarkdownLinks.anchor("The desired state (format v1)")).isEqualTo("the-desired-state-format-v1");
        assertThat(MarkdownLinks.anchor("Graph's quota: pushes first, a rolling scan for the rest"))
                .isEqualTo("graphs-quota-pushes-first-a-rolling-scan-for-the-rest");
        assertThat(MarkdownLinks.anchor("The `json` payload (`formatVersion` 1)"))
                .isEqualTo("the-json-payload-formatversion-1");
        assertThat(MarkdownLinks.anchor("Microsoft Graph: what the agent calls and needs"))
                .isEqualTo("microsoft-graph-what-the-agent-calls-and-needs");
        assertThat(MarkdownLinks.anchor("sync.ha_file - root")).isEqualTo("syncha_file---root");
        assertThat(MarkdownLinks.anchor("See [Credentials](credentials.md) à la carte")).isEqualTo("see-credentials-à-la-carte");
        assertThat(MarkdownLinks.anchors(List.of("# Guards", "## Guards", "```", "# Guards (in code)", "```",
                "### Guards #", "## Report-only mode"))).containsExactly("guards", "guards-1", "guards-2",
                "report-only-mode");
    }

    @Test
    void linksInCodeAreNoLinks() {
        assertThat(MarkdownLinks.links(List.of("see [a](a.md) and `[b](b.md)`", "```", "[c](c.md)", "```",
                "![d](d.png \"title\") [e](<e.md>)")))
                .extracting(MarkdownLinks.Link::target).containsExactly("a.md", "d.png", "e.md");
    }

    @Test
    void theCheckerFindsEveryKindOfBrokenLink(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/git.md"), "# Git\n\n## Signed commits\n\n```\n## Not a heading\n```\n");
        Files.writeString(root.resolve("docs/planned.md"), "# Planned\n");
        Path page = root.resolve("README.md");
        Files.writeString(page, String.join("\n",
                "# Title",
                "## Two commands",
                "[ok](docs/git.md#signed-commits) [ok](#two-commands) [ok](docs/) [ok](https://example.com/#x)",
                "[missing file](docs/gone.md)",
                "[missing anchor](docs/git.md#last-good-revision)",
                "[heading in code](docs/git.md#not-a-heading)",
                "[own page](#three-commands)",
                "[not yet written](docs/logging.md#json-logs)",
                "[written now](docs/planned.md#steps)",
                "[outside](../elsewhere.md)",
                "[anchor on a folder](docs/#x)",
                ""));

        List<String> problems = MarkdownLinks.problems(root, page, Set.of("docs/logging.md", "docs/planned.md"));

        assertThat(problems).containsExactly(
                "README.md:4: (docs/gone.md) names no file: docs/gone.md",
                "README.md:5: (docs/git.md#last-good-revision) names no heading of docs/git.md: #last-good-revision",
                "README.md:6: (docs/git.md#not-a-heading) names no heading of docs/git.md: #not-a-heading",
                "README.md:7: (#three-commands) names no heading of README.md: #three-commands",
                "README.md:9: (docs/planned.md#steps) names no heading of docs/planned.md: #steps",
                "README.md:10: (../elsewhere.md) leaves the repository",
                "README.md:11: (docs/#x) has an anchor, but docs is no Markdown page");
    }
}
