using PipelineSecurity.Analyzers.Secrets.Detection;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Secrets.Detection;

public sealed class SecretNamesTests
{
    [Theory]
    [InlineData("password")]
    [InlineData("Password")]
    [InlineData("DB_PASSWORD")]
    [InlineData("dbPassword")]
    [InlineData("clientSecret")]
    [InlineData("ClientSecret")]
    [InlineData("apiKey")]
    [InlineData("API_KEY")]
    [InlineData("x-api-key")]
    [InlineData("AccessToken")]
    [InlineData("github_token")]
    [InlineData("privateKey")]
    [InlineData("Credentials")]
    [InlineData("SigningKey")]
    [InlineData("ApiKeyValue")]
    [InlineData("Smtp:Password")]
    [InlineData("aws_secret_access_key")]
    [InlineData("dbpassword")]
    public void Recognises_secret_names(string name)
    {
        Assert.True(SecretNames.IsSecretName(name), name);
    }

    [Theory]
    [InlineData("PasswordHash")]
    [InlineData("PasswordResetUrl")]
    [InlineData("PasswordPolicy")]
    [InlineData("TokenEndpoint")]
    [InlineData("ApiKeyHeaderName")]
    [InlineData("TokenLifetime")]
    [InlineData("SecretName")]
    [InlineData("Key")]
    [InlineData("CacheKey")]
    [InlineData("PasswordResourceKey")]
    [InlineData("UserName")]
    [InlineData("TenantId")]
    [InlineData("PasswordLabel")]
    [InlineData("ConfirmPasswordPrompt")]
    [InlineData("PublicKeyToken")]
    [InlineData("public_key")]
    [InlineData("__RequestVerificationToken")]
    [InlineData("XsrfToken")]
    [InlineData("csrf_token")]
    public void Does_not_take_other_names_for_secret_names(string name)
    {
        Assert.False(SecretNames.IsSecretName(name), name);
    }

    [Fact]
    public void Extra_words_make_more_names_secret_names()
    {
        Assert.False(SecretNames.IsSecretName("DevicePin"));
        Assert.True(SecretNames.IsSecretName("DevicePin", new[] { "pin" }));
    }
}
