using System.Security.Cryptography;
using System.Text;

namespace ContosoShop.Core.Payments;

/// <summary>Signs receipts so that customers can prove a purchase.</summary>
public sealed class ReceiptSigner
{
    // Deliberate finding for the sample (PSF1001): a private key pasted into the source.
    private const string SigningKeyPem = """
-----BEGIN RSA PRIVATE KEY-----
C1erGP1kFq3Ds6GFc6vLRkQ8hI9hzjgkqSNW018vTrYVcWRRTz35sm4nE/ClLEbb
t4lrri2If2XjrkChujH3dY2eQjZEpeJT4VyAOqTfZlMYqGi/hdCLpLznIPaH+6gZ
o3aRZfkxLh+am4Vl7mEKCNlpGafallG3rv36yVuLlqMiCfxkrpxH+R4xV/1YUkV8
sS9TnRaekFaUgy7HLX6VBTzMjZVTCh89wvbtcjm8Lkd7DO3dkMTfCdJ3sQGV5TwJ
+GZLWXWHZwnr09Ijh3CgfTkvELgpQN/f+Lc7FXvFUr9wtGPEHzMeMuFYeiO8RoOh
ufoY4KaT0jnI5TZ8GUHl/JlUIgwW62VV+ztnnd8GcJtks3u6uTkDbAhe+VCT8Ila
eFMBiqYaMRZuaiQyRW2K3CHglC2gzuVCtILfDBtBEZxAC8WtNiMxXtYKnp4Y3bZ4
5vekGXN2TWBCjMo5JMuqlm9UCLYTZqmrkOJaF1ER+eymghkzWAlGSslP5fbm7DkE
dnbCWeiTMfmEEgIU7K58DTG771VP792ndVs2T1A7dPkqBpEcjZUKhy8lKpeyjVpS
s2aoIqVYj87UWJvkqlQxO8unakGDJgF/d/dP45rnPFBTR/ot2zz4+BYzYx6CjNwI
vGvLFt6YrqkkDouNU/SLai/JvZJBG9w14o9Ve7sXrttBaYI0gasD8WbXoH3aipMg
3sUn6wt/r6POrJBy5nnBrhOUOA7hOiCOslzCprXWIMo/kUf/4pT2MVee7DroCPSf
H6gt2ipfoMpApw1gUhFJhC4V+/cme+PH
-----END RSA PRIVATE KEY-----
""";

    public string Sign(string receipt)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(SigningKeyPem));
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(receipt)));
    }
}
