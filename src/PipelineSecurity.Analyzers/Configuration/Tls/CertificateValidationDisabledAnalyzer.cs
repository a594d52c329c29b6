using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.Tls;

/// <summary>
/// PSF2001: a certificate validation callback that accepts every certificate, wherever it is set: HttpClientHandler,
/// SslClient/ServerAuthenticationOptions, ServicePointManager, HttpWebRequest, Kestrel's client-certificate validation,
/// SslStream's constructor, ClientWebSocketOptions; or HttpClientHandler.DangerousAcceptAnyServerCertificateValidator.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CertificateValidationDisabledAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CertificateValidationDisabled);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var sinks = CertificateCallbackSinks.Create(start.Compilation);
            if (sinks is null)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeAssignment(c, sinks), OperationKind.SimpleAssignment, OperationKind.CompoundAssignment);
            start.RegisterOperationAction(c => AnalyzeArgument(c, sinks), OperationKind.Argument);
        });
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, CertificateCallbackSinks sinks)
    {
        var assignment = (IAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation property && sinks.IsCallbackProperty(property.Property)
            && AcceptsAll(assignment.Value))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.CertificateValidationDisabled,
                assignment.Value.Syntax.GetLocation(),
                property.Property.ContainingType.Name + "." + property.Property.Name));
        }
    }

    private static void AnalyzeArgument(OperationAnalysisContext context, CertificateCallbackSinks sinks)
    {
        var argument = (IArgumentOperation)context.Operation;
        if (argument.Parameter is { } parameter && sinks.IsCallbackType(parameter.Type)
            && parameter.ContainingSymbol.ContainingType is { } type && sinks.IsCallbackOwner(type)
            && AcceptsAll(argument.Value))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.CertificateValidationDisabled,
                argument.Value.Syntax.GetLocation(),
                type.Name + " " + parameter.Name));
        }
    }

    /// <summary>
    /// Whether the callback may accept every certificate. A choice left to a flag (<c>trustAll ? acceptAll : null</c>)
    /// is not: the setting is secure unless the user opts out. PSF2002 asks this too, so one callback gets one finding.
    /// </summary>
    internal static bool AcceptsAll(IOperation value) =>
        !ValueTracker.IsConfigurableChoice(value, static branch => MayAcceptAll(branch)) && MayAcceptAll(value);

    private static bool MayAcceptAll(IOperation value)
    {
        foreach (var candidate in ValueTracker.Candidates(value))
        {
            if (candidate is IPropertyReferenceOperation { Property.Name: "DangerousAcceptAnyServerCertificateValidator" })
            {
                return true;
            }
        }

        return ValueTracker.MayBeDelegateAlwaysReturningTrue(value);
    }
}

/// <summary>The properties and parameters that receive a certificate validation callback, resolved once per compilation.</summary>
internal sealed class CertificateCallbackSinks
{
    private static readonly string[] OwnerNames =
    {
        "System.Net.Http.HttpClientHandler",
        "System.Net.Security.SslClientAuthenticationOptions",
        "System.Net.Security.SslServerAuthenticationOptions",
        "System.Net.ServicePointManager",
        "System.Net.HttpWebRequest",
        "System.Net.Security.SslStream",
        "Microsoft.AspNetCore.Server.Kestrel.Https.HttpsConnectionAdapterOptions",
        "System.Net.WebSockets.ClientWebSocketOptions",
    };

    private static readonly HashSet<string> PropertyNames = new()
    {
        "ServerCertificateCustomValidationCallback",
        "RemoteCertificateValidationCallback",
        "ServerCertificateValidationCallback",
        "ClientCertificateValidation",
    };

    private readonly HashSet<INamedTypeSymbol> owners;
    private readonly INamedTypeSymbol? remoteCallback;

    private CertificateCallbackSinks(HashSet<INamedTypeSymbol> owners, INamedTypeSymbol? remoteCallback)
    {
        this.owners = owners;
        this.remoteCallback = remoteCallback;
    }

    public static CertificateCallbackSinks? Create(Compilation compilation)
    {
        var owners = Types.Resolve(compilation, OwnerNames);
        return owners.Count == 0
            ? null
            : new CertificateCallbackSinks(owners, compilation.GetTypeByMetadataName("System.Net.Security.RemoteCertificateValidationCallback"));
    }

    public bool IsCallbackOwner(INamedTypeSymbol type) => Types.IsOrDerivesFrom(type, owners);

    public bool IsCallbackProperty(IPropertySymbol property) =>
        PropertyNames.Contains(property.Name) && IsCallbackOwner(property.ContainingType);

    public bool IsCallbackType(ITypeSymbol type) => SymbolEqualityComparer.Default.Equals(type, remoteCallback);
}
