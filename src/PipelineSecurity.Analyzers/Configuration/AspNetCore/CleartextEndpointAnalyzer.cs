using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.AspNetCore;

/// <summary>
/// PSF2049: an <c>http://</c>, <c>ws://</c> or <c>ftp://</c> address of a non-loopback host given to a client
/// (<c>HttpClient.BaseAddress</c> and request methods, <c>HttpRequestMessage</c>, <c>ClientWebSocket.ConnectAsync</c>,
/// <c>WebRequest.Create</c>, <c>WebClient</c>), or a listen address (<c>UseUrls</c>, <c>app.Run(url)</c>) naming a host.
/// The address may be a literal, a constant, a local or a <c>new Uri("…")</c>. Wildcard listen addresses
/// (<c>http://+:80</c>, <c>http://0.0.0.0:8080</c>, usual behind a TLS-terminating proxy) are not reported.
/// Also: <c>Authority</c>/<c>MetadataAddress</c> of JwtBearer and OpenID Connect options, and <c>UriBuilder</c> given
/// <c>Uri.UriSchemeHttp</c> (or "http", "ws", "ftp") with a constant host. Loopback and documentation hosts
/// (example.com, *.test, RFC 5737 addresses) and namespace hosts (www.w3.org, schemas.*) are excepted.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CleartextEndpointAnalyzer : DiagnosticAnalyzer
{
    private static readonly HashSet<string> AddressParameters = new(StringComparer.Ordinal)
    {
        "requestUri", "uri", "address", "requestUriString", "url", "urls", "baseAddress",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CleartextEndpoint);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var clients = Types.Resolve(
                start.Compilation,
                "System.Net.Http.HttpClient",
                "System.Net.Http.HttpRequestMessage",
                "System.Net.WebSockets.ClientWebSocket",
                "System.Net.WebRequest",
                "System.Net.WebClient");
            var listeners = Types.Resolve(
                start.Compilation,
                "Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions",
                "Microsoft.AspNetCore.Builder.WebApplication");
            var authOptions = Types.Resolve(
                start.Compilation,
                "Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions",
                "Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions");
            var uriBuilder = start.Compilation.GetTypeByMetadataName("System.UriBuilder");
            if (clients.Count == 0 && listeners.Count == 0 && authOptions.Count == 0 && uriBuilder is null)
            {
                return;
            }

            // One callback per call rather than per argument: most calls have no address parameter at all.
            start.RegisterOperationAction(c => AnalyzeCall(c, clients, listeners), OperationKind.Invocation, OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, clients, authOptions), OperationKind.SimpleAssignment);
            if (uriBuilder is not null)
            {
                start.RegisterOperationAction(c => AnalyzeUriBuilder(c, uriBuilder), OperationKind.ObjectCreation);
            }
        });
    }

    private static void AnalyzeCall(OperationAnalysisContext context, HashSet<INamedTypeSymbol> clients, HashSet<INamedTypeSymbol> listeners)
    {
        var arguments = context.Operation switch
        {
            IInvocationOperation invocation => invocation.Arguments,
            IObjectCreationOperation creation => creation.Arguments,
            _ => ImmutableArray<IArgumentOperation>.Empty,
        };
        foreach (var argument in arguments)
        {
            AnalyzeArgument(context, argument, clients, listeners);
        }
    }

    private static void AnalyzeArgument(OperationAnalysisContext context, IArgumentOperation argument, HashSet<INamedTypeSymbol> clients, HashSet<INamedTypeSymbol> listeners)
    {
        if (argument.Parameter is not { } parameter || !AddressParameters.Contains(parameter.Name)
            || parameter.ContainingSymbol.ContainingType is not { } type)
        {
            return;
        }

        if (Types.IsOrDerivesFrom(type, clients))
        {
            Check(context, argument.Value, listening: false);
        }
        else if (listeners.Contains(type))
        {
            // UseUrls("http://a", "http://b"): each element on its own, so the finding points at the right one.
            if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } elements })
            {
                foreach (var element in elements.ElementValues)
                {
                    Check(context, element, listening: true);
                }

                return;
            }

            Check(context, argument.Value, listening: true);
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, HashSet<INamedTypeSymbol> clients, HashSet<INamedTypeSymbol> authOptions)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "BaseAddress" or "RequestUri" } property }
            && Types.IsOrDerivesFrom(property.ContainingType, clients))
        {
            Check(context, assignment.Value, listening: false);
        }
        else if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "Authority" or "MetadataAddress" } authProperty }
                 && Types.IsOrDerivesFrom(authProperty.ContainingType, authOptions)
                 && !DevelopmentGuard.IsGuarded(assignment))
        {
            Check(context, assignment.Value, listening: false);
        }
    }

    // new UriBuilder(Uri.UriSchemeHttp, "api.contoso.com") or new UriBuilder { Scheme = "http", Host = "api.contoso.com" }.
    private static void AnalyzeUriBuilder(OperationAnalysisContext context, INamedTypeSymbol uriBuilder)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!SymbolEqualityComparer.Default.Equals(creation.Type, uriBuilder))
        {
            return;
        }

        IOperation? scheme = null;
        IOperation? host = null;
        foreach (var argument in creation.Arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "scheme" or "schemeName":
                    scheme = argument.Value;
                    break;
                case "host" or "hostName":
                    host = argument.Value;
                    break;
            }
        }

        foreach (var assignment in ObjectSettings.AssignmentsOn(creation))
        {
            switch ((assignment.Target as IPropertyReferenceOperation)?.Property.Name)
            {
                case "Scheme":
                    scheme = assignment.Value;
                    break;
                case "Host":
                    host = assignment.Value;
                    break;
            }
        }

        if (scheme is null || host is null || ClearScheme(scheme) is not { } clear)
        {
            return;
        }

        foreach (var candidate in ValueTracker.Candidates(host))
        {
            if (candidate.ConstantValue is { HasValue: true, Value: string name } && Cleartext(clear + "://" + name, listening: false) is { } found)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CleartextEndpoint, creation.Syntax.GetLocation(), found.Shown, found.Secure));
                return;
            }
        }
    }

    /// <summary>"http", "ws" or "ftp" when the scheme may be one of them (a literal or Uri.UriSchemeHttp/Ws/Ftp).</summary>
    private static string? ClearScheme(IOperation scheme)
    {
        foreach (var candidate in ValueTracker.Candidates(scheme))
        {
            var text = candidate switch
            {
                { ConstantValue: { HasValue: true, Value: string literal } } => literal,
                IFieldReferenceOperation { Field: { ContainingType.SpecialType: SpecialType.None, Name: var name } field }
                    when field.ContainingType.Name == "Uri" && field.ContainingType.ContainingNamespace.Name == "System" => name switch
                    {
                        "UriSchemeHttp" => "http",
                        "UriSchemeWs" => "ws",
                        "UriSchemeFtp" => "ftp",
                        _ => null,
                    },
                _ => null,
            };
            if (text is not null && (text.Equals("http", StringComparison.OrdinalIgnoreCase) || text.Equals("ws", StringComparison.OrdinalIgnoreCase)
                                     || text.Equals("ftp", StringComparison.OrdinalIgnoreCase)))
            {
                return text.ToLowerInvariant();
            }
        }

        return null;
    }

    private static void Check(OperationAnalysisContext context, IOperation value, bool listening)
    {
        foreach (var candidate in ValueTracker.Candidates(value))
        {
            foreach (var text in Addresses(candidate))
            {
                if (Cleartext(text, listening) is { } found)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CleartextEndpoint, value.Syntax.GetLocation(), found.Shown, found.Secure));
                    return;
                }
            }
        }
    }

    /// <summary>The constant address strings of a candidate: a string, <c>new Uri("…")</c>, or the elements of a params array.</summary>
    private static IEnumerable<string> Addresses(IOperation candidate)
    {
        switch (candidate)
        {
            case { ConstantValue: { HasValue: true, Value: string text } }:
                yield return text;
                break;
            case IObjectCreationOperation { Type.Name: "Uri", Arguments.Length: >= 1 } uri
                when uri.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string uriText }:
                yield return uriText;
                break;
            case IArrayCreationOperation { Initializer: { } initializer }:
                foreach (var element in initializer.ElementValues)
                {
                    if (element.ConstantValue is { HasValue: true, Value: string elementText })
                    {
                        yield return elementText;
                    }
                }

                break;
        }
    }

    /// <summary>The address as shown in the message (scheme and host only: no user info, no path) and the secure scheme to use.</summary>
    internal static (string Shown, string Secure)? Cleartext(string text, bool listening)
    {
        foreach (var address in text.Split(';'))
        {
            var trimmed = address.Trim();
            string? secure = trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "https"
                : trimmed.StartsWith("ws://", StringComparison.OrdinalIgnoreCase) ? "wss"
                : trimmed.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase) ? "ftps"
                : null;
            if (secure is null)
            {
                continue;
            }

            var schemeEnd = trimmed.IndexOf("://", StringComparison.Ordinal) + 3;
            var authorityEnd = trimmed.IndexOfAny(new[] { '/', '?', '#' }, schemeEnd);
            var authority = authorityEnd < 0 ? trimmed.Substring(schemeEnd) : trimmed.Substring(schemeEnd, authorityEnd - schemeEnd);
            var at = authority.LastIndexOf('@');
            var hostAndPort = at >= 0 ? authority.Substring(at + 1) : authority;
            var host = Host(hostAndPort);
            if (host.Length == 0 || IsLoopback(host) || IsDocumentationOrIdentifierHost(host) || (listening && IsWildcard(host)))
            {
                continue;
            }

            return (trimmed.Substring(0, schemeEnd) + hostAndPort, secure);
        }

        return null;
    }

    private static string Host(string hostAndPort)
    {
        if (hostAndPort.StartsWith("[", StringComparison.Ordinal))
        {
            var close = hostAndPort.IndexOf(']');
            return close < 0 ? hostAndPort : hostAndPort.Substring(0, close + 1);
        }

        var colon = hostAndPort.IndexOf(':');
        return colon < 0 ? hostAndPort : hostAndPort.Substring(0, colon);
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || host.StartsWith("127.", StringComparison.Ordinal)
        || host == "[::1]";

    // RFC 2606/6761 example names and RFC 5737 documentation addresses, and hosts whose http:// URIs are XML/JSON
    // namespace or schema identifiers, never fetched as endpoints.
    private static readonly string[] IdentifierHosts =
    {
        "www.w3.org", "w3.org", "schemas.xmlsoap.org", "schemas.microsoft.com", "schemas.openxmlformats.org", "json-schema.org",
        "json.schemastore.org", "purl.org", "xmlns.com", "ns.adobe.com", "docs.oasis-open.org", "schemas.datacontract.org", "tempuri.org",
    };

    private static bool IsDocumentationOrIdentifierHost(string host)
    {
        foreach (var suffix in new[] { "example.com", "example.org", "example.net" })
        {
            if (host.Equals(suffix, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + suffix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (host.EndsWith(".example", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".test", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase)
            || host.StartsWith("192.0.2.", StringComparison.Ordinal) || host.StartsWith("198.51.100.", StringComparison.Ordinal)
            || host.StartsWith("203.0.113.", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var identifier in IdentifierHosts)
        {
            if (host.Equals(identifier, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWildcard(string host) => host is "*" or "+" or "0.0.0.0" or "[::]";
}
