<#-- FAPI Kit: set the CIBA user code (required action fapi-kit-ciba-set-user-code), in the realm's login theme. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
<#if section = "header">
  ${msg("fapiKitCibaUserCodeTitle")}
<#elseif section = "form">
  <p id="fapi-kit-ciba-user-code-intro">${msg("fapiKitCibaUserCodeIntro", minLength?c)}</p>
  <#if error?has_content>
    <div class="${properties.kcAlertClass!} pf-m-danger" id="error-${error}" role="alert">
      <p class="${properties.kcAlertTitleClass!}">${msg(error, minLength?c)}</p>
    </div>
  </#if>
  <form id="fapi-kit-ciba-user-code-form" class="${properties.kcFormClass!}" method="post" action="${actionUrl}">
    <div class="${properties.kcFormGroupClass!}">
      <label class="${properties.kcLabelClass!}" for="user-code"><span class="${properties.kcFormLabelTextClass!}">${msg("fapiKitCibaUserCodeNew")}</span></label>
      <span class="${properties.kcInputClass!}<#if error?has_content> ${properties.kcError!}</#if>">
        <input type="password" id="user-code" name="user-code" autocomplete="new-password" required autofocus
               aria-describedby="fapi-kit-ciba-user-code-intro"<#if error?has_content> aria-invalid="true"</#if>>
      </span>
    </div>
    <div class="${properties.kcFormGroupClass!}">
      <label class="${properties.kcLabelClass!}" for="user-code-confirm"><span class="${properties.kcFormLabelTextClass!}">${msg("fapiKitCibaUserCodeConfirm")}</span></label>
      <span class="${properties.kcInputClass!}<#if error?has_content> ${properties.kcError!}</#if>">
        <input type="password" id="user-code-confirm" name="user-code-confirm" autocomplete="new-password" required
               <#if error?has_content> aria-invalid="true"</#if>>
      </span>
    </div>
    <div class="${properties.kcFormGroupClass!}">
      <div class="${properties.kcFormActionGroupClass!}">
        <button class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}" type="submit">${msg("fapiKitCibaUserCodeSave")}</button>
      </div>
    </div>
  </form>
</#if>
</@layout.registrationLayout>
