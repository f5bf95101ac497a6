package io.userflowsync.desired;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The facts of desired-state format v1 that more than the loader needs: the JSON Schema in
 * {@code config/desired-state.schema.json} and its test check against these so the two cannot drift apart. Flow
 * ids are {@link io.userflowsync.model.UserFlowKind}'s business.
 */
public final class DesiredStateFormat {
    /** The only format version there is; {@code version:} may be left out. */
    public static final int VERSION = 1;
    public static final String USER_FLOWS_KEY = "userFlows";
    public static final String VERSION_KEY = "version";
    /** {@code suspend: true} pauses every write while the desired state says so (issue 8, item 2). */
    public static final String SUSPEND_KEY = "suspend";
    /** The connectors the desired state manages itself (issue 9, item 1); optional. */
    public static final String CONNECTORS_KEY = "connectors";
    /**
     * An External ID external tenant's sign-up flows by id (a GUID), each attribute-collection event naming the custom
     * authentication extension it calls; optional beside {@code userFlows:}, and either may be the only one.
     */
    public static final String EVENTS_FLOWS_KEY = "authenticationEventsFlows";
    /** An external tenant's custom authentication extensions the desired state manages itself; optional. */
    public static final String EXTENSIONS_KEY = "customExtensions";
    /**
     * An external tenant's applications by appId (a GUID), each naming the custom authentication extension its token
     * issuance ({@code onTokenIssuanceStart}) and email OTP ({@code onOtpSend}) call through a listener; optional.
     */
    public static final String APPLICATIONS_KEY = "applicationListeners";
    public static final List<String> TOP_LEVEL_KEYS = List.of(USER_FLOWS_KEY, VERSION_KEY, SUSPEND_KEY, CONNECTORS_KEY,
            EVENTS_FLOWS_KEY, EXTENSIONS_KEY, APPLICATIONS_KEY);

    /** A connector key: a name of the user's choosing, also used in file names and metric labels, so kept plain. */
    public static final String CONNECTOR_KEY_REGEX = "^[A-Za-z0-9][A-Za-z0-9_.\\-]*$";
    public static final Pattern CONNECTOR_KEY = Pattern.compile(CONNECTOR_KEY_REGEX);

    /** Larger files are refused unread: a desired state is a few kilobytes, and the agent must not be starved. */
    public static final int MAX_FILE_BYTES = 1024 * 1024;

    /** Longer keys are refused: the longest key the format has is a flow id, and Graph's are far shorter. */
    public static final int MAX_KEY_CHARS = 256;

    /** Longer values are refused: a value is a connector's displayName or id. */
    public static final int MAX_VALUE_CHARS = 4096;

    /** The setting that lets the desired state name experimental steps (preTokenIssuance). */
    public static final String EXPERIMENTAL_STEPS_SETTING = "SYNC_EXPERIMENTAL_PRE_TOKEN_ISSUANCE=true";

    private DesiredStateFormat() {
    }
}
