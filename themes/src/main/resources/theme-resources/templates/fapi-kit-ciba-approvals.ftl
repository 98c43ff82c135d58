<#-- FAPI Kit CIBA approval page, in the realm's login theme: the theme's template.ftl (keycloak.v2, or a theme that
     extends it) draws the page; this file fills its header and form sections. Output is HTML auto-escaped; binding
     messages and payments (RFC 9396 authorization_details, in words) are shown as text only. No inline script or style: the page's CSP allows the theme's own files only. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
<#if section = "header">
  ${msg("fapiKitCibaPageTitle")}
<#elseif section = "form">
  <div id="fapi-kit-ciba-approvals" class="fapi-kit-ciba"
       data-page-url="${pageUrl}" data-pending-url="${pendingUrl}" data-request-ids="<#list requests as r>${r.id}<#sep> </#list>">
  <#if signInError?has_content>
    <div class="${properties.kcAlertClass!} pf-m-danger" role="alert" id="sign-in-error-${signInError}">
      <p class="${properties.kcAlertTitleClass!}">${msg("fapiKitCibaSignInError_" + signInError, approvalClientId)}</p>
      <#if signInErrorDetail?has_content><p class="${properties.kcAlertDescriptionClass!}" id="sign-in-error-detail">${signInErrorDetail}</p></#if>
    </div>
    <p><a class="${properties.kcButtonPrimaryClass!}" href="${pageUrl}">${msg("fapiKitCibaSignInAgain")}</a></p>
  <#else>
    <p id="fapi-kit-signed-in-as">${msg("fapiKitCibaSignedInAs", username)}</p>
    <#if result?has_content>
      <div class="${properties.kcAlertClass!} pf-m-<#if result = 'approved' || result = 'denied'>success<#else>warning</#if>" role="status" id="result-${result}">
        <p class="${properties.kcAlertTitleClass!}">${msg("fapiKitCibaResult_" + result)}</p>
      </div>
    </#if>
    <#if requests?size == 0>
      <p id="no-requests">${msg("fapiKitCibaNoRequests")}</p>
    <#else>
      <p>${msg("fapiKitCibaIntro")}</p>
    </#if>
    <#list requests as r>
      <section class="fapi-kit-ciba-request ${properties.kcPanelClass!}" id="request-${r.id}" aria-labelledby="request-${r.id}-title">
        <div class="${properties.kcPanelMainClass!}"><div class="${properties.kcPanelMainBodyClass!}">
        <h2 class="fapi-kit-ciba-request-title" id="request-${r.id}-title">${msg("fapiKitCibaRequestFrom", r.clientName)}</h2>
        <#if r.bindingMessage?has_content>
          <p id="request-${r.id}-binding-label">${msg("fapiKitCibaBindingMessage")}</p>
          <p class="fapi-kit-ciba-binding" aria-describedby="request-${r.id}-binding-label">${r.bindingMessage}</p>
        </#if>
        <#if r.payments?has_content>
          <p id="request-${r.id}-payments-label">${msg("fapiKitCibaPayments")}</p>
          <ul class="${properties.kcListClass!} fapi-kit-ciba-payments" aria-labelledby="request-${r.id}-payments-label">
            <#list r.payments as payment><li class="fapi-kit-ciba-payment">${payment}</li></#list>
          </ul>
        </#if>
        <#if r.paymentsUnreadable>
          <p class="fapi-kit-ciba-payment-unreadable" id="request-${r.id}-payments-unreadable">${msg("fapiKitCibaPaymentsUnreadable")}</p>
        </#if>
        <p>${msg("fapiKitCibaScopes")}</p>
        <ul class="${properties.kcListClass!}">
          <#list r.scopes as s><li>${s.description}</li></#list>
        </ul>
        <p>${msg("fapiKitCibaTimeLeft", r.secondsLeft?c)}</p>
        <#if r.needsStepUp>
          <p><a class="${properties.kcButtonLinkClass!}" href="${r.stepUpUrl}">${msg("fapiKitCibaStepUp")}</a></p>
        </#if>
        <form method="post" action="${r.actionUrl}" class="${properties.kcFormClass!}">
          <input type="hidden" name="csrf" value="${csrfToken}">
          <#if r.detailsFingerprint?has_content><input type="hidden" name="authorization_details_fingerprint" value="${r.detailsFingerprint}"></#if>
          <div class="${properties.kcFormActionGroupClass!} fapi-kit-ciba-actions">
            <button class="${properties.kcButtonPrimaryClass!}" type="submit" name="decision" value="approve"<#if r.needsStepUp || r.paymentsUnreadable> disabled</#if>
                    aria-describedby="request-${r.id}-title">${msg("fapiKitCibaApprove")}</button>
            <button class="${properties.kcButtonSecondaryClass!}" type="submit" name="decision" value="deny"
                    aria-describedby="request-${r.id}-title">${msg("fapiKitCibaDeny")}</button>
          </div>
        </form>
        </div></div>
      </section>
    </#list>
    <p class="fapi-kit-ciba-refresh"><a class="${properties.kcButtonLinkClass!}" href="${pageUrl}">${msg("fapiKitCibaRefresh")}</a>
      <span id="fapi-kit-ciba-auto-refresh">${msg("fapiKitCibaAutoRefresh")}</span></p>
    <script type="module" src="${url.resourcesPath}/js/fapi-kit-ciba-approvals.js"></script>
  </#if>
  </div>
  <link rel="stylesheet" href="${url.resourcesPath}/css/fapi-kit-ciba.css">
</#if>
</@layout.registrationLayout>
