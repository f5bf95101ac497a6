package io.userflowsync.desired;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The facts of desired-state format v1 that more than the loader needs: the JSON Schema in
 * {@code config/desired-state.schema.json} and its test check against these so the two cannot drift apart.
 */
public final class DesiredStateFormat {
    /** The only format version there is; {@code version:} may be left out. */
    public static final int VERSION = 1;
    public static final String USER_FLOWS_KEY = "userFlows";
    public static final String VERSION_KEY = "version";
    public static final List<String> TOP_LEVEL_KEYS = List.of(USER_FLOWS_KEY, VERSION_KEY);

    /** Ids of External ID (B2X) and Azure AD B2C (B2C) user flows. */
    public static final String FLOW_ID_REGEX = "^B2[XC]_1_[A-Za-z0-9_.\\-]+$";
    public static final Pattern FLOW_ID = Pattern.compile(FLOW_ID_REGEX);

    /** Larger files are refused unread: a desired state is a few kilobytes, and the agent must not be starved. */
    public static final int MAX_FILE_BYTES = 1024 * 1024;

    /** The setting that lets the desired state name experimental steps (preTokenIssuance). */
    public static final String EXPERIMENTAL_STEPS_SETTING = "SYNC_EXPERIMENTAL_PRE_TOKEN_ISSUANCE=true";

    private DesiredStateFormat() {
    }
}
