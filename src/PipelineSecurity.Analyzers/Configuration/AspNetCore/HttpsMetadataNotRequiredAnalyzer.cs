using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.AspNetCore;

/// <summary>PSF2046: <c>RequireHttpsMetadata = false</c> on JwtBearerOptions or OpenIdConnectOptions, unless only in development.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HttpsMetadataNotRequiredAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.HttpsMetadataNotRequired);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var owners = Types.Resolve(
                start.Compilation,
                "Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions",
                "Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions");
            if (owners.Count == 0)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, owners), OperationKind.SimpleAssignment);
        });
    }

    private static void Analyze(OperationAnalysisContext context, System.Collections.Generic.HashSet<INamedTypeSymbol> owners)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "RequireHttpsMetadata" } property }
            && Types.IsOrDerivesFrom(property.ContainingType, owners)
            && ValueTracker.MayBeFalse(assignment.Value)
            && !DevelopmentGuard.IsGuarded(assignment))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.HttpsMetadataNotRequired, assignment.Value.Syntax.GetLocation()));
        }
    }
}
