package dev.fapikit.ciba.endpoint;

/** Server-wide settings of the backchannel authentication endpoint (options on {@link CibaEndpointFactory}). */
record BackchannelSettings(int bindingMessageMaxLength, int maxRequestedExpiry, String phoneNumberAttribute) {
}
