using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.AspNetCore;

/// <summary>PSF2047: <c>OpenIdConnectProtocolValidator.RequireNonce = false</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OpenIdConnectNonceNotRequiredAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.OpenIdConnectNonceNotRequired);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var validator = start.Compilation.GetTypeByMetadataName("Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectProtocolValidator");
            if (validator is null)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, validator), OperationKind.SimpleAssignment);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol validator)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "RequireNonce" } property }
            && Types.IsOrDerivesFrom(property.ContainingType, validator)
            && ValueTracker.MayBeFalse(assignment.Value))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.OpenIdConnectNonceNotRequired, assignment.Value.Syntax.GetLocation()));
        }
    }
}
