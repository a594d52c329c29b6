using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.AspNetCore;

/// <summary>
/// PSF2043: <c>TokenValidationParameters.ValidateIssuer</c>, <c>ValidateAudience</c>, <c>ValidateLifetime</c>,
/// <c>ValidateIssuerSigningKey</c>, <c>RequireSignedTokens</c> or <c>RequireExpirationTime</c> set to false
/// (in an options lambda, an initializer, through a local or a constant). Leaving them at their default is fine.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TokenValidationDisabledAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.TokenValidationDisabled);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var parameters = start.Compilation.GetTypeByMetadataName("Microsoft.IdentityModel.Tokens.TokenValidationParameters");
            if (parameters is null)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, parameters), OperationKind.SimpleAssignment);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol parameters)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation
            {
                Property: { Name: "ValidateIssuer" or "ValidateAudience" or "ValidateLifetime" or "ValidateIssuerSigningKey" or "RequireSignedTokens" or "RequireExpirationTime" } property,
            }
            && Types.IsOrDerivesFrom(property.ContainingType, parameters)
            && ValueTracker.MayBeFalse(assignment.Value))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TokenValidationDisabled, assignment.Value.Syntax.GetLocation(), property.Name));
        }
    }
}
