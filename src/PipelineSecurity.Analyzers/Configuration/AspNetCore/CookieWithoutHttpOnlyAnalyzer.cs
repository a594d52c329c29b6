using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.AspNetCore;

/// <summary>
/// PSF2041: a cookie scripts can read: <c>new CookieOptions</c> whose <c>HttpOnly</c> is not set to true in the
/// method (or is set to false), <c>CookieBuilder.HttpOnly = false</c>, <c>CookiePolicyOptions.HttpOnly = HttpOnlyPolicy.None</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CookieWithoutHttpOnlyAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CookieWithoutHttpOnly);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var owners = Types.Resolve(start.Compilation, "Microsoft.AspNetCore.Http.CookieOptions", "Microsoft.AspNetCore.Http.CookieBuilder");
            var options = start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.CookieOptions");
            var policy = start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.CookiePolicy.HttpOnlyPolicy");
            if (owners.Count == 0 && policy is null)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeCreation(c, options), OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, owners, policy), OperationKind.SimpleAssignment);
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, INamedTypeSymbol? options)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (options is null || !SymbolEqualityComparer.Default.Equals(creation.Type, options)
            || ObjectSettings.ValueOf(ObjectSettings.AssignmentsOn(creation), "HttpOnly") is not null)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CookieWithoutHttpOnly, creation.Syntax.GetLocation(), "CookieOptions without HttpOnly"));
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, System.Collections.Generic.HashSet<INamedTypeSymbol> owners, INamedTypeSymbol? policy)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "HttpOnly" } property })
        {
            return;
        }

        var readable = Types.IsOrDerivesFrom(property.ContainingType, owners)
            ? ValueTracker.MayBeFalse(assignment.Value)
            : policy is not null && SymbolEqualityComparer.Default.Equals(property.Type, policy)
              && ValueTracker.MayBeConstant(assignment.Value, static v => v is int p && p == 0); // HttpOnlyPolicy.None
        if (readable)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.CookieWithoutHttpOnly,
                assignment.Value.Syntax.GetLocation(),
                property.ContainingType.Name + ".HttpOnly is off"));
        }
    }
}
