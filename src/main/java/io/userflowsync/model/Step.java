package io.userflowsync.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * A step of a user flow at which it can call out: for {@code b2xUserFlows} and {@code b2cUserFlows} a relationship of
 * its {@code apiConnectorConfiguration}, for an External ID external tenant's sign-up flow
 * ({@code externalUsersSelfServiceSignUpEventsFlow}) an attribute-collection event whose handler names a custom
 * authentication extension. Named as Graph names them, in the order a sign-up walks through them (which is also the
 * order plans list them in), then the two events an application's listeners bind. Which family has which steps:
 * {@link UserFlowKind#steps()}.
 */
public enum Step {
    POST_FEDERATION_SIGNUP("postFederationSignup", false),
    POST_ATTRIBUTE_COLLECTION("postAttributeCollection", false),
    /** Only in the beta SDK model; no Graph page documents binding it, so it needs an explicit opt-in. */
    PRE_TOKEN_ISSUANCE("preTokenIssuance", true),
    /** {@code onAttributeCollectionStart} of an external tenant's sign-up flow (externalusersselfservicesignupeventsflow.md). */
    ON_ATTRIBUTE_COLLECTION_START("onAttributeCollectionStart", false),
    /** {@code onAttributeCollectionSubmit} of an external tenant's sign-up flow. */
    ON_ATTRIBUTE_COLLECTION_SUBMIT("onAttributeCollectionSubmit", false),
    /**
     * An application's token issuance ({@code onTokenIssuanceStartListener}, resources/ontokenissuancestartlistener.md):
     * bound per application through an {@code authenticationEventListener}, not per flow.
     */
    ON_TOKEN_ISSUANCE_START("onTokenIssuanceStart", false),
    /** An application's email one-time passcode ({@code onEmailOtpSendListener}, beta, resources/onemailotpsendlistener.md). */
    ON_OTP_SEND("onOtpSend", false);

    private final String graphName;
    private final boolean experimental;

    Step(String graphName, boolean experimental) {
        this.graphName = graphName;
        this.experimental = experimental;
    }

    public String graphName() {
        return graphName;
    }

    public boolean experimental() {
        return experimental;
    }

    /**
     * Whether this is an event of an external tenant, which calls a custom authentication extension: an
     * attribute-collection event of a sign-up flow, or an application's token issuance or OTP send.
     */
    public boolean isEvent() {
        return this == ON_ATTRIBUTE_COLLECTION_START || this == ON_ATTRIBUTE_COLLECTION_SUBMIT || isListenerEvent();
    }

    /** Whether this event is a sign-up flow's (an attribute-collection event of an authenticationEventsFlow). */
    public boolean isFlowEvent() {
        return isEvent() && !isListenerEvent();
    }

    /** Whether this event is bound per application, through an {@code authenticationEventListener}. */
    public boolean isListenerEvent() {
        return this == ON_TOKEN_ISSUANCE_START || this == ON_OTP_SEND;
    }

    /**
     * For a listener event: the listener's {@code @odata.type} without {@code #microsoft.graph.}
     * ({@code onTokenIssuanceStartListener}, {@code onEmailOtpSendListener}).
     */
    public String listenerType() {
        if (!isListenerEvent()) {
            throw new IllegalStateException(graphName + " is not bound through a listener");
        }
        return this == ON_OTP_SEND ? "onEmailOtpSendListener" : graphName + "Listener";
    }

    /**
     * For an event: the {@code @odata.type} (without {@code #microsoft.graph.}) of the handler that calls an
     * extension ({@code onAttributeCollectionSubmitCustomExtensionHandler}) and of the extensions it may call
     * ({@code onAttributeCollectionSubmitCustomExtension}); resources/onattributecollectionsubmitcustomextensionhandler.md.
     */
    public String handlerType() {
        return graphName + "CustomExtensionHandler";
    }

    public String extensionType() {
        return graphName + "CustomExtension";
    }

    public static Optional<Step> fromGraphName(String name) {
        return Arrays.stream(values()).filter(s -> s.graphName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return graphName;
    }
}
