using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.Tls;

/// <summary>
/// PSF2004: <c>CheckCertificateRevocationList = false</c> (HttpClientHandler), <c>CheckCertificateRevocation = false</c>
/// (Kestrel), <c>ServicePointManager.CheckCertificateRevocationList = false</c>, or any <c>X509RevocationMode</c> property set to <c>NoCheck</c> (X509ChainPolicy, SslClientAuthenticationOptions…).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RevocationCheckDisabledAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.RevocationCheckDisabled);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var revocationMode = start.Compilation.GetTypeByMetadataName("System.Security.Cryptography.X509Certificates.X509RevocationMode");
            var owners = Types.Resolve(
                start.Compilation,
                "System.Net.Http.HttpClientHandler",
                "Microsoft.AspNetCore.Server.Kestrel.Https.HttpsConnectionAdapterOptions",
                "System.Net.ServicePointManager");
            if (revocationMode is null && owners.Count == 0)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, revocationMode, owners), OperationKind.SimpleAssignment);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol? revocationMode, System.Collections.Generic.HashSet<INamedTypeSymbol> owners)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: var property })
        {
            return;
        }

        Func<IOperation, bool>? isOff = property.Name is "CheckCertificateRevocationList" or "CheckCertificateRevocation"
            ? Types.IsOrDerivesFrom(property.ContainingType, owners) ? ValueTracker.MayBeFalse : null
            : SymbolEqualityComparer.Default.Equals(property.Type, revocationMode)
                ? static value => ValueTracker.MayBeConstant(value, static v => v is int mode && mode == 0) // X509RevocationMode.NoCheck
                : null;

        // checkRevocation ? Online : NoCheck is on unless the user opts out: not reported.
        if (isOff is not null && isOff(assignment.Value) && !ValueTracker.IsConfigurableChoice(assignment.Value, isOff))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.RevocationCheckDisabled,
                assignment.Value.Syntax.GetLocation(),
                property.ContainingType.Name + "." + property.Name));
        }
    }
}
