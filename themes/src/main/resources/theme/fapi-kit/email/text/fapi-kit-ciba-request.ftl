<#ftl output_format="plainText">
${msg("fapiKitCibaEmailIntro", clientName, realmName)}
<#if bindingMessage?has_content>

${msg("fapiKitCibaBindingMessage")} ${bindingMessage}
</#if>

${msg("fapiKitCibaEmailLink")}: ${approvalUri}

${msg("fapiKitCibaEmailExpiry", expiresInMinutes?c)}
${msg("fapiKitCibaEmailIgnore")}
