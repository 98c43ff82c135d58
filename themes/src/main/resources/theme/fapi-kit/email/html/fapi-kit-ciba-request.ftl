<html>
<body>
<p>${msg("fapiKitCibaEmailIntro", clientName, realmName)}</p>
<#if bindingMessage?has_content>
<p>${msg("fapiKitCibaBindingMessage")} <strong>${bindingMessage}</strong></p>
</#if>
<p><a href="${approvalUri}">${msg("fapiKitCibaEmailLink")}</a></p>
<p>${msg("fapiKitCibaEmailExpiry", expiresInMinutes?c)}</p>
<p>${msg("fapiKitCibaEmailIgnore")}</p>
</body>
</html>
