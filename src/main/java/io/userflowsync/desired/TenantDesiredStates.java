package io.userflowsync.desired;

import io.userflowsync.config.TenantSetting;
import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.SourceRevision;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads a desired-state root laid out for several tenants (issue 9, item 3): {@code base/} beside
 * {@code tenants/<name>/}, each folder read by {@link DesiredStateLoader} with all its rules, each tenant's state
 * being base with the tenant folder's steps replacing base's ({@link TenantOverlay}). A root without a
 * {@code tenants/} folder is not this layout: it is read as one tenant, exactly as before.
 */
public final class TenantDesiredStates {
    /** The folder of tenants and the shared folder, beside each other in the root. */
    public static final String TENANTS_FOLDER = "tenants";
    public static final String BASE_FOLDER = "base";

    /** The same rule as for the names in {@code sync.tenants}: a folder name is a tenant name. */
    public static final Pattern TENANT_NAME = TenantSetting.TENANT_NAME;

    private final DesiredStateLoader loader;

    public TenantDesiredStates(DesiredStateLoader loader) {
        this.loader = loader;
    }

    /** Whether {@code root} is a folder with a {@code tenants/} folder in it. */
    public static boolean isTenantLayout(Path root) {
        return Files.isDirectory(root.resolve(TENANTS_FOLDER));
    }

    /**
     * @param root    a folder with {@code base/} and {@code tenants/}
     * @param shownAs how {@code root} is named in error locations
     * @return each tenant's state by name, in name order
     * @throws DesiredStateException with every problem in base and in every tenant, sorted by place
     */
    public SortedMap<String, DesiredState> load(Path root, String shownAs, SourceRevision revision)
            throws DesiredStateException {
        List<ValidationProblem> problems = new ArrayList<>();
        problems.addAll(filesBesideTheLayout(root, shownAs));
        Optional<DesiredState> base = Optional.empty();
        Path baseFolder = root.resolve(BASE_FOLDER);
        if (!Files.isDirectory(baseFolder)) {
            problems.add(new ValidationProblem(at(join(shownAs, BASE_FOLDER)), "no '" + BASE_FOLDER
                    + "' folder beside '" + TENANTS_FOLDER + "': it holds the flows every tenant shares, and a "
                    + "tenant folder only replaces steps that base declares"));
        } else {
            base = loadFolder(baseFolder, join(shownAs, BASE_FOLDER), revision, problems);
        }
        SortedMap<String, DesiredState> tenants = new TreeMap<>();
        String tenantsShownAs = join(shownAs, TENANTS_FOLDER);
        for (Path folder : tenantFolders(root.resolve(TENANTS_FOLDER), tenantsShownAs, problems)) {
            String name = folder.getFileName().toString();
            String folderShownAs = join(tenantsShownAs, name);
            if (!TENANT_NAME.matcher(name).matches()) {
                problems.add(new ValidationProblem(at(folderShownAs), "tenant name '" + name + "' is not valid: "
                        + "use lower-case letters, digits and '-' (at most 40, starting with a letter or digit), "
                        + "as the name becomes a setting key, an environment variable name and a metric label"));
                continue;
            }
            Optional<DesiredState> overrides = loadFolder(folder, folderShownAs, revision, baseKeys(base), problems);
            if (base.isPresent() && overrides.isPresent()) {
                TenantOverlay.Result merged = TenantOverlay.merge(name, base.get(), overrides.get());
                problems.addAll(merged.problems());
                merged.state().ifPresent(state -> tenants.put(name, state));
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(FileProblems.BY_LOCATION);
            throw new DesiredStateException(problems);
        }
        return Collections.unmodifiableSortedMap(tenants);
    }

    /**
     * One tenant's state, reading base and that tenant's folder only: a problem in another tenant's folder never
     * keeps this one from reconciling (issue 9, item 3: one tenant's failure never blocks another). Problems of the
     * layout itself (a file beside {@code tenants/}) and of base concern every tenant and are reported to each.
     */
    public DesiredState loadTenant(Path root, String shownAs, SourceRevision revision, String tenant)
            throws DesiredStateException {
        List<ValidationProblem> problems = new ArrayList<>(filesBesideTheLayout(root, shownAs));
        String folderShownAs = join(join(shownAs, TENANTS_FOLDER), tenant);
        Path folder = root.resolve(TENANTS_FOLDER).resolve(tenant);
        if (!isTenantLayout(root) || !Files.isDirectory(folder)) {
            problems.add(new ValidationProblem(at(folderShownAs), "no folder for tenant '" + tenant + "': "
                    + "sync.tenants lists it, so the desired state needs '" + TENANTS_FOLDER + "/" + tenant
                    + "/' beside '" + BASE_FOLDER + "/' (with 'userFlows: {}' to take base unchanged)"));
            problems.sort(FileProblems.BY_LOCATION);
            throw new DesiredStateException(problems);
        }
        Optional<DesiredState> base = Optional.empty();
        Path baseFolder = root.resolve(BASE_FOLDER);
        if (!Files.isDirectory(baseFolder)) {
            problems.add(new ValidationProblem(at(join(shownAs, BASE_FOLDER)), "no '" + BASE_FOLDER
                    + "' folder beside '" + TENANTS_FOLDER + "': it holds the flows every tenant shares"));
        } else {
            base = loadFolder(baseFolder, join(shownAs, BASE_FOLDER), revision, problems);
        }
        Optional<DesiredState> overrides = loadFolder(folder, folderShownAs, revision, baseKeys(base), problems);
        Optional<DesiredState> merged = Optional.empty();
        if (base.isPresent() && overrides.isPresent()) {
            TenantOverlay.Result result = TenantOverlay.merge(tenant, base.get(), overrides.get());
            problems.addAll(result.problems());
            merged = result.state();
        }
        if (!problems.isEmpty() || merged.isEmpty()) {
            problems.sort(FileProblems.BY_LOCATION);
            throw new DesiredStateException(problems);
        }
        return merged.get();
    }

    private Optional<DesiredState> loadFolder(Path folder, String shownAs, SourceRevision revision,
                                              List<ValidationProblem> problems) {
        return loadFolder(folder, shownAs, revision, ref -> false, problems);
    }

    /**
     * A tenant folder's {@code {connector: key}} and {@code {extension: key}} may name what base declares. When base
     * could not be read, its problems are reported and a key is not held against the tenant: it may well be in the
     * broken base.
     */
    private static Predicate<ConnectorRef> baseKeys(Optional<DesiredState> base) {
        return base.<Predicate<ConnectorRef>>map(b -> ref -> ref instanceof ConnectorRef.ByKey k
                        ? b.connector(k.key()).isPresent()
                        : ref instanceof ConnectorRef.ByExtensionKey e && b.extension(e.key()).isPresent())
                .orElse(ref -> true);
    }

    private Optional<DesiredState> loadFolder(Path folder, String shownAs, SourceRevision revision,
                                              Predicate<ConnectorRef> declaredElsewhere, List<ValidationProblem> problems) {
        try {
            return Optional.of(loader.load(folder, shownAs, revision, declaredElsewhere));
        } catch (DesiredStateException e) {
            problems.addAll(e.problems());
            return Optional.empty();
        }
    }

    /** A YAML file in the root is neither base nor a tenant; silently ignoring it would drop its flows. */
    private static List<ValidationProblem> filesBesideTheLayout(Path root, String shownAs) {
        List<ValidationProblem> problems = new ArrayList<>();
        for (Path entry : entries(root, shownAs, problems)) {
            String name = entry.getFileName().toString();
            if (SourceFiles.isDesiredStateFileName(name) && Files.isRegularFile(entry)) {
                problems.add(new ValidationProblem(at(join(shownAs, name)), "a desired-state file beside '"
                        + TENANTS_FOLDER + "' belongs to no tenant: move it into '" + BASE_FOLDER
                        + "' (shared by every tenant) or into '" + TENANTS_FOLDER + "/<name>'"));
            }
        }
        return problems;
    }

    private static List<Path> tenantFolders(Path tenants, String shownAs, List<ValidationProblem> problems) {
        List<Path> folders = new ArrayList<>();
        int problemsBefore = problems.size();
        for (Path entry : entries(tenants, shownAs, problems)) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            if (Files.isDirectory(entry)) {
                folders.add(entry);
            } else {
                problems.add(new ValidationProblem(at(join(shownAs, name)), "'" + TENANTS_FOLDER
                        + "' holds one folder per tenant, not files: move it into '" + TENANTS_FOLDER
                        + "/<name>' or '" + BASE_FOLDER + "'"));
            }
        }
        if (folders.isEmpty() && problems.size() == problemsBefore) {
            problems.add(new ValidationProblem(at(shownAs), "no tenant folder in '" + TENANTS_FOLDER
                    + "': add '" + TENANTS_FOLDER + "/<name>/' for each tenant, or remove '" + TENANTS_FOLDER
                    + "' to manage one tenant from this folder"));
        }
        folders.sort(null);
        return folders;
    }

    private static List<Path> entries(Path folder, String shownAs, List<ValidationProblem> problems) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            problems.add(new ValidationProblem(at(shownAs), SourceFiles.cannotRead(e)));
        }
        entries.sort(null);
        return entries;
    }

    private static SourceLocation at(String file) {
        return new SourceLocation(file, 1, 1);
    }

    private static String join(String folder, String name) {
        if (folder.equals(".")) {
            return name;
        }
        return folder.endsWith("/") ? folder + name : folder + "/" + name;
    }
}
