<#-- FAPI Kit CIBA approval page. Output is HTML auto-escaped; binding messages are shown as text only. -->
<!DOCTYPE html>
<html lang="${locale}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex, nofollow">
  <title>${msg("fapiKitCibaPageTitle")}</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
    .request { border: 1px solid #c8c8c8; border-radius: .5rem; padding: 1rem; margin: 1rem 0; }
    .binding { font-size: 1.4rem; font-weight: bold; letter-spacing: .05em; }
    .result { padding: .75rem; border-radius: .4rem; background: #eef4ff; }
    button { font-size: 1rem; padding: .5rem 1.2rem; margin-right: .5rem; }
  </style>
</head>
<body>
  <h1>${msg("fapiKitCibaPageTitle")}</h1>
  <#if signInError?has_content>
  <section class="result" role="alert" id="sign-in-error-${signInError}">
    <p>${msg("fapiKitCibaSignInError_" + signInError, approvalClientId)}</p>
    <#if signInErrorDetail?has_content><p id="sign-in-error-detail">${signInErrorDetail}</p></#if>
    <p><a href="${pageUrl}">${msg("fapiKitCibaSignInAgain")}</a></p>
  </section>
  <#else>
  <p>${msg("fapiKitCibaSignedInAs", username)}</p>
  <#if result?has_content>
    <p class="result" role="status" id="result-${result}">${msg("fapiKitCibaResult_" + result)}</p>
  </#if>
  <#if requests?size == 0>
    <p id="no-requests">${msg("fapiKitCibaNoRequests")}</p>
  <#else>
    <p>${msg("fapiKitCibaIntro")}</p>
  </#if>
  <#list requests as r>
    <section class="request" id="request-${r.id}">
      <h2>${msg("fapiKitCibaRequestFrom", r.clientName)}</h2>
      <#if r.bindingMessage?has_content>
        <p>${msg("fapiKitCibaBindingMessage")}</p>
        <p class="binding">${r.bindingMessage}</p>
      </#if>
      <p>${msg("fapiKitCibaScopes")}</p>
      <ul>
        <#list r.scopes as s><li>${s.description}</li></#list>
      </ul>
      <p>${msg("fapiKitCibaTimeLeft", r.secondsLeft?c)}</p>
      <#if r.needsStepUp>
        <p><a href="${r.stepUpUrl}">${msg("fapiKitCibaStepUp")}</a></p>
      </#if>
      <form method="post" action="${r.actionUrl}">
        <input type="hidden" name="csrf" value="${csrfToken}">
        <button type="submit" name="decision" value="approve"<#if r.needsStepUp> disabled</#if>>${msg("fapiKitCibaApprove")}</button>
        <button type="submit" name="decision" value="deny">${msg("fapiKitCibaDeny")}</button>
      </form>
    </section>
  </#list>
  <p><a href="${pageUrl}">${msg("fapiKitCibaRefresh")}</a></p>
  </#if>
</body>
</html>
