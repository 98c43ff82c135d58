<#-- FAPI Kit: the payment consent step (required action fapi-kit-payment-consent, RFC 9396 §7), in the realm's login
     theme. Every text below except the messages is client input (creditor names, references, types, the client's
     name): printed with ${...} only, which FreeMarker's HTML auto-escaping escapes; never ?no_esc here, and never as an
     argument of msg(), which would resolve a "${key}" inside it as a message of the theme. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
<#if section = "header">
  ${msg("fapiKitPaymentConsentTitle")}
<#elseif section = "form">
  <p id="fapi-kit-payment-consent-intro">${clientName} ${msg("fapiKitPaymentConsentAsks")}</p>
  <#if error?has_content>
    <div class="${properties.kcAlertClass!} pf-m-warning" id="error-${error}" role="alert">
      <p class="${properties.kcAlertTitleClass!}">${msg(error)}</p>
    </div>
  </#if>
  <ul id="fapi-kit-payment-consent-details">
  <#list lines as line>
    <#if line.kind == "payment">
    <li class="fapi-kit-payment-consent-payment"><strong>${line.text}</strong><#if line.reference?has_content><br>
      <span class="fapi-kit-payment-consent-reference">${msg("fapiKitPaymentConsentReference")} ${line.reference}</span></#if></li>
    <#else>
    <li class="fapi-kit-payment-consent-other">${msg("fapiKitPaymentConsentOtherType")} ${line.type} ${msg("fapiKitPaymentConsentOtherNote")}</li>
    </#if>
  </#list>
  </ul>
  <p id="fapi-kit-payment-consent-question">${msg("fapiKitPaymentConsentQuestion")}</p>
  <form id="fapi-kit-payment-consent-form" class="${properties.kcFormClass!}" method="post" action="${actionUrl}">
    <input type="hidden" name="fingerprint" value="${fingerprint}">
    <div class="${properties.kcFormGroupClass!}">
      <div class="${properties.kcFormActionGroupClass!}">
        <button class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}" type="submit" name="approve" value="approve"
                id="fapi-kit-payment-consent-approve">${msg("fapiKitPaymentConsentApprove")}</button>
        <button class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}" type="submit" name="deny" value="deny"
                id="fapi-kit-payment-consent-deny">${msg("fapiKitPaymentConsentDeny")}</button>
      </div>
    </div>
  </form>
</#if>
</@layout.registrationLayout>
