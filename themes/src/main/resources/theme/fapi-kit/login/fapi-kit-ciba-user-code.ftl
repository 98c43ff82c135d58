<#-- FAPI Kit: set the CIBA user code (required action fapi-kit-ciba-set-user-code). -->
<!DOCTYPE html>
<html lang="${locale}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex, nofollow">
  <title>${msg("fapiKitCibaUserCodeTitle")}</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 30rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
    label, input { display: block; margin: .4rem 0; }
    input { font-size: 1.1rem; padding: .4rem; width: 100%; }
    .error { color: #a30000; }
  </style>
</head>
<body>
  <h1>${msg("fapiKitCibaUserCodeTitle")}</h1>
  <p>${msg("fapiKitCibaUserCodeIntro", minLength?c)}</p>
  <#if error?has_content><p class="error" id="error-${error}" role="alert">${msg(error, minLength?c)}</p></#if>
  <form method="post" action="${actionUrl}">
    <label for="user-code">${msg("fapiKitCibaUserCodeNew")}</label>
    <input type="password" id="user-code" name="user-code" autocomplete="new-password" required>
    <label for="user-code-confirm">${msg("fapiKitCibaUserCodeConfirm")}</label>
    <input type="password" id="user-code-confirm" name="user-code-confirm" autocomplete="new-password" required>
    <button type="submit">${msg("fapiKitCibaUserCodeSave")}</button>
  </form>
</body>
</html>
