using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PipelineSecurity.Analyzers.Configuration.Common;

/// <summary>
/// Whether code implements a protocol that mandates MD5 or SHA-1, where the hash is not a choice the author can change:
/// SASL CRAM-MD5 and DIGEST-MD5, HTTP Digest, NTLM/LM, POP3 APOP, PostgreSQL md5 authentication, SCRAM-SHA-1,
/// MySQL native password, RADIUS, MS-CHAP, the WebSocket handshake (Sec-WebSocket-Accept) and the like.
/// <para>
/// The heuristic, applied only when a rule is about to report: (1) a name of the enclosing methods, types or namespace
/// contains a protocol word (<see cref="NameWords"/>, compared without case, underscores or hyphens); or (2) the enclosing
/// type declares or uses a string literal that is a protocol constant (<see cref="Constants"/>, e.g. "CRAM-MD5",
/// "APOP ", "SCRAM-SHA-1", the RFC 6455 GUID); or (3) the file's name contains a protocol word (a helper type such as
/// DigestResponse in SaslMechanismDigestMd5.cs). Both are bounded: names are walked up to the namespace, literals are
/// scanned in the enclosing type declaration only, at most <see cref="MaxLiteralScan"/> tokens.
/// </para>
/// </summary>
internal static class ProtocolContext
{
    private const int MaxLiteralScan = 20_000;

    // Parts of identifiers (lower case, no separators) that name a protocol with a mandated MD5/SHA-1.
    private static readonly string[] NameWords =
    {
        "crammd5", "digestmd5", "httpdigest", "digestauth", "digestcredential", "digestchallenge", "ntlm", "lanman", "lmhash",
        "apop", "scramsha1", "scram", "sasl", "md5password", "md5auth", "authenticatemd5", "authenticationmd5", "nativepassword", "mysqlnative",
        "radius", "mschap", "websocketaccept", "secwebsocket", "websockethandshake", "websocketkey",
    };

    // String literals that only protocol code contains.
    private static readonly string[] Constants =
    {
        "CRAM-MD5", "DIGEST-MD5", "SCRAM-SHA-1", "SCRAM-SHA-1-PLUS", "NTLM", "NTLMSSP", "APOP", "mysql_native_password",
        "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", "Sec-WebSocket-Accept", "MS-CHAP", "MSCHAPV2",
    };


    /// <summary>Whether <paramref name="node"/> sits in code that implements an MD5/SHA-1 protocol (see the class remarks).</summary>
    public static bool IsProtocolMandated(SyntaxNode node, ISymbol? containingSymbol)
    {
        for (var symbol = containingSymbol; symbol is not null; symbol = symbol.ContainingSymbol)
        {
            if (symbol is INamespaceSymbol { IsGlobalNamespace: true })
            {
                break;
            }

            if (NamesProtocol(symbol.Name))
            {
                return true;
            }
        }

        // A helper type in the file of a protocol implementation (DigestResponse in SaslMechanismDigestMd5.cs).
        if (NamesProtocol(FileName(node.SyntaxTree.FilePath)))
        {
            return true;
        }

        var type = node.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        return type is not null && DeclaresProtocolConstant(type);
    }

    private static string FileName(string path)
    {
        var slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        var name = slash >= 0 ? path.Substring(slash + 1) : path;
        var dot = name.IndexOf('.');
        return dot > 0 ? name.Substring(0, dot) : name;
    }

    internal static bool NamesProtocol(string name)
    {
        if (name.Length < 4)
        {
            return false;
        }

        var squeezed = Squeeze(name);
        foreach (var word in NameWords)
        {
            if (squeezed.IndexOf(word, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static string Squeeze(string name)
    {
        var chars = new char[name.Length];
        var length = 0;
        foreach (var c in name)
        {
            if (c != '_' && c != '-')
            {
                chars[length++] = char.ToLowerInvariant(c);
            }
        }

        return new string(chars, 0, length);
    }

    // "APOP " + user, "SCRAM-SHA-1 n,,": the constant is the literal's first word.
    private static bool StartsWithWord(string text, string word) =>
        text.Length > word.Length && text.StartsWith(word, StringComparison.OrdinalIgnoreCase) && (text[word.Length] == ' ' || text[word.Length] == ':');

    private static bool ContainsConstant(string text)
    {
        var trimmed = text.Trim();
        foreach (var constant in Constants)
        {
            if (trimmed.Equals(constant, StringComparison.OrdinalIgnoreCase) || StartsWithWord(trimmed, constant))
            {
                return true;
            }
        }

        return false;
    }

    private static bool DeclaresProtocolConstant(TypeDeclarationSyntax type)
    {
        var scanned = 0;
        foreach (var token in type.DescendantTokens())
        {
            if (++scanned > MaxLiteralScan)
            {
                return false;
            }

            if (token.IsKind(SyntaxKind.StringLiteralToken) && IsProtocolConstant(token.ValueText))
            {
                return true;
            }
        }

        return false;
    }

    internal static bool IsProtocolConstant(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.Length > 40)
        {
            return false;
        }

        if (ContainsConstant(trimmed))
        {
            return true;
        }

        // "Digest realm=…" (HTTP Digest challenge or response), "AUTH CRAM-MD5" (SMTP, IMAP, POP3 SASL command).
        return (StartsWithWord(trimmed, "Digest") && trimmed.IndexOf('=') > 0)
               || (StartsWithWord(trimmed, "AUTH") && ContainsConstant(trimmed.Substring(5)));
    }
}
