using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;
using PipelineSecurity.Analyzers.Infrastructure;

namespace PipelineSecurity.Analyzers.Configuration.AspNetCore;

/// <summary>
/// PSF2059: <c>PasswordHasherOptions.IterationCount</c> below <c>pipeline_security.PSF2059.min_iterations</c> (default
/// 100,000, the Identity default since .NET 7), or <c>CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2</c>
/// (PBKDF2 with HMAC-SHA1 and 1,000 iterations).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WeakPasswordHasherAnalyzer : DiagnosticAnalyzer
{
    internal const string MinIterationsKey = AnalyzerOptionKeys.Prefix + RuleIds.WeakPasswordHasher + ".min_iterations";
    private const int IdentityV2 = 0; // PasswordHasherCompatibilityMode.IdentityV2

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.WeakPasswordHasher);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var options = start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Identity.PasswordHasherOptions");
            if (options is null)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, options), OperationKind.SimpleAssignment);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol options)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: var property }
            || !SymbolEqualityComparer.Default.Equals(property.ContainingType, options))
        {
            return;
        }

        if (property.Name == "IterationCount")
        {
            var minimum = context.Options.GetInt(assignment.Syntax.SyntaxTree, MinIterationsKey, 100_000);
            foreach (var candidate in ValueTracker.Candidates(assignment.Value))
            {
                if (candidate.ConstantValue is { HasValue: true, Value: int iterations } && iterations < minimum)
                {
                    Report(context, assignment, "IterationCount = " + iterations.ToString("N0", CultureInfo.InvariantCulture),
                        "use at least " + minimum.ToString("N0", CultureInfo.InvariantCulture) + " iterations");
                    return;
                }
            }
        }
        else if (property.Name == "CompatibilityMode" && ValueTracker.MayBeConstant(assignment.Value, static v => v is int mode && mode == IdentityV2))
        {
            Report(context, assignment, "CompatibilityMode = IdentityV2", "use IdentityV3 (PBKDF2 with HMAC-SHA512); existing hashes are re-hashed at sign-in");
        }
    }

    private static void Report(OperationAnalysisContext context, ISimpleAssignmentOperation assignment, string finding, string advice) =>
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.WeakPasswordHasher, assignment.Value.Syntax.GetLocation(), finding, advice));
}
