using System;
using PipelineSecurity.Analyzers.Secrets.Detection;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Secrets.Detection;

public sealed class KnownKeyFormatsTests
{
    [Fact]
    public void Finds_machine_key_validation_and_decryption_keys()
    {
        var validation = FakeSecrets.Hex(128, 71).ToUpperInvariant();
        var decryption = FakeSecrets.Hex(64, 72).ToUpperInvariant();
        var text = "<configuration>\n  <system.web>\n    <machineKey validationKey=\"" + validation + "\"\n                decryptionKey=\"" + decryption + "\" validation=\"HMACSHA256\" decryption=\"AES\" />\n  </system.web>\n</configuration>\n";
        var findings = SecretDetection.ScanFile(text, "web.config");
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal("PSF1002", f.RuleId));
        Assert.Equal(new[] { 3, 4 }, System.Linq.Enumerable.Select(findings, f => f.Line));
    }

    [Fact]
    public void Ignores_auto_generated_machine_keys()
    {
        const string Text = "<machineKey validationKey=\"AutoGenerate,IsolateApps\" decryptionKey=\"AutoGenerate,IsolateApps\" />";
        Assert.Empty(SecretDetection.ScanFile(Text, "web.config"));
    }

    [Fact]
    public void Finds_an_unencrypted_data_protection_master_key_and_not_an_encrypted_one()
    {
        var key = Convert.ToBase64String(FakeSecrets.Bytes(64, 73));
        var clear = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<key id=\"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\" version=\"1\">\n  <descriptor deserializerType=\"Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel.AuthenticatedEncryptorDescriptorDeserializer\">\n    <descriptor>\n      <encryption algorithm=\"AES_256_CBC\" />\n      <validation algorithm=\"HMACSHA256\" />\n      <masterKey p4:requiresEncryption=\"true\" xmlns:p4=\"http://schemas.asp.net/2015/03/dataProtection\">\n        <!-- Warning: the key below is in an unencrypted form. -->\n        <value>" + key + "</value>\n      </masterKey>\n    </descriptor>\n  </descriptor>\n</key>\n";
        var finding = Assert.Single(SecretDetection.ScanFile(clear, "key-0f1e2d3c.xml"));
        Assert.Equal(9, finding.Line);
        Assert.Equal("PSF1002", finding.RuleId);

        var encrypted = "<key id=\"1\" version=\"1\">\n  <descriptor>\n    <encryptedSecret decryptorType=\"Microsoft.AspNetCore.DataProtection.XmlEncryption.DpapiXmlDecryptor\">\n      <encryptedKey xmlns=\"\">\n        <value>" + key + "</value>\n      </encryptedKey>\n    </encryptedSecret>\n  </descriptor>\n</key>\n";
        Assert.Empty(SecretDetection.ScanFile(encrypted, "key-1.xml"));
    }
}
