using System.Collections.Generic;

namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>
/// Keys held in well-known XML elements, found over the whole text because they span lines:
/// ASP.NET's <c>&lt;machineKey validationKey="…" decryptionKey="…"/&gt;</c> (web.config) and an ASP.NET Core Data
/// Protection key ring entry whose <c>&lt;masterKey&gt;</c> holds its <c>&lt;value&gt;</c> unencrypted (a key-ring file
/// written without a key-encryption provider: anyone who reads it can forge cookies and antiforgery tokens).
/// </summary>
internal static class KnownKeyFormats
{
    // The longest distance from an element's start to the value it holds that is looked at.
    private const int MaximumElementLength = 4096;

    public static void Add(string text, List<SecretFinding> findings)
    {
        if (text.IndexOf("Key", System.StringComparison.OrdinalIgnoreCase) < 0)
        {
            return;
        }

        AddMachineKeys(text, findings);
        AddDataProtectionMasterKeys(text, findings);
    }

    private static void AddDataProtectionMasterKeys(string text, List<SecretFinding> findings)
    {
        var at = text.IndexOf("<masterKey", System.StringComparison.Ordinal);
        while (at >= 0 && findings.Count < SecretScanner.MaximumFindingsPerText)
        {
            var windowEnd = System.Math.Min(text.Length, at + MaximumElementLength);
            var close = text.IndexOf("</masterKey>", at, windowEnd - at, System.StringComparison.Ordinal);
            var value = close < 0 ? -1 : text.IndexOf("<value>", at, close - at, System.StringComparison.Ordinal);
            if (value >= 0)
            {
                var start = value + 7;
                var end = text.IndexOf("</value>", start, close - start, System.StringComparison.Ordinal);
                if (end - start >= 32 && IsBase64(text, start, end - start) && !Placeholders.IsPlaceholder(text, start, end - start))
                {
                    findings.Add(new SecretFinding(
                        SecretKind.ProviderToken,
                        "ASP.NET Core Data Protection master key stored unencrypted",
                        start,
                        end - start,
                        SecretRedaction.Redact(text.Substring(start, end - start))));
                }
            }

            at = text.IndexOf("<masterKey", at + 10, System.StringComparison.Ordinal);
        }
    }

    private static void AddMachineKeys(string text, List<SecretFinding> findings)
    {
        var at = text.IndexOf("<machineKey", System.StringComparison.OrdinalIgnoreCase);
        while (at >= 0 && findings.Count < SecretScanner.MaximumFindingsPerText)
        {
            var windowEnd = System.Math.Min(text.Length, at + MaximumElementLength);
            var elementEnd = text.IndexOf('>', at, windowEnd - at);
            if (elementEnd < 0)
            {
                return;
            }

            AddHexAttribute(text, at, elementEnd, "validationKey", findings);
            AddHexAttribute(text, at, elementEnd, "decryptionKey", findings);
            at = text.IndexOf("<machineKey", elementEnd, System.StringComparison.OrdinalIgnoreCase);
        }
    }

    // validationKey/decryptionKey: hex (or "AutoGenerate[,IsolateApps]", which is not a key).
    private static void AddHexAttribute(string text, int start, int end, string attribute, List<SecretFinding> findings)
    {
        var name = text.IndexOf(attribute + "=\"", start, end - start, System.StringComparison.OrdinalIgnoreCase);
        if (name < 0)
        {
            return;
        }

        var valueStart = name + attribute.Length + 2;
        var valueEnd = text.IndexOf('"', valueStart, end - valueStart);
        var length = valueEnd - valueStart;
        if (length < 16 || Placeholders.IsPlaceholder(text, valueStart, length) || ValueShape.CharacterClasses(text, valueStart, length) < 2)
        {
            return;
        }

        for (var i = valueStart; i < valueEnd; i++)
        {
            if (!CharClass.IsHex(text[i]))
            {
                return;
            }
        }

        findings.Add(new SecretFinding(
            SecretKind.ProviderToken,
            "ASP.NET machineKey " + attribute,
            valueStart,
            length,
            SecretRedaction.Redact(text.Substring(valueStart, length))));
    }

    private static bool IsBase64(string text, int start, int length)
    {
        for (var i = start; i < start + length; i++)
        {
            if (!CharClass.IsBase64(text[i]) && text[i] != '=')
            {
                return false;
            }
        }

        return true;
    }
}
