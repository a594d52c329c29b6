using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.AspNetCore;

/// <summary>
/// PSF2040: a cookie that may travel over HTTP: <c>new CookieOptions</c> whose <c>Secure</c> is not set to true in
/// the method (or is set to false), or a <c>CookieSecurePolicy</c> of <c>None</c> or <c>SameAsRequest</c>
/// (authentication, session and antiforgery cookie builders; <c>CookiePolicyOptions.Secure</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CookieWithoutSecureAnalyzer : DiagnosticAnalyzer
{
    private const int SameAsRequest = 0;
    private const int None = 2;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CookieWithoutSecure);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var options = start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.CookieOptions");
            var policy = start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.CookieSecurePolicy");
            if (options is null && policy is null)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeCreation(c, options), OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, options, policy), OperationKind.SimpleAssignment);
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, INamedTypeSymbol? options)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (options is null || !SymbolEqualityComparer.Default.Equals(creation.Type, options)
            || ObjectSettings.ValueOf(ObjectSettings.AssignmentsOn(creation), "Secure") is not null)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CookieWithoutSecure, creation.Syntax.GetLocation(), "CookieOptions without Secure"));
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, INamedTypeSymbol? options, INamedTypeSymbol? policy)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: var property })
        {
            return;
        }

        if (property.Name == "Secure" && SymbolEqualityComparer.Default.Equals(property.ContainingType, options)
            && ValueTracker.MayBeFalse(assignment.Value))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CookieWithoutSecure, assignment.Value.Syntax.GetLocation(), "CookieOptions.Secure is false"));
        }
        else if (policy is not null && SymbolEqualityComparer.Default.Equals(property.Type, policy)
                 && ValueTracker.MayBeConstant(assignment.Value, static v => v is int p && (p == SameAsRequest || p == None))
                 && !DevelopmentGuard.IsGuarded(assignment))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.CookieWithoutSecure,
                assignment.Value.Syntax.GetLocation(),
                property.ContainingType.Name + "." + property.Name + " allows HTTP"));
        }
    }
}
