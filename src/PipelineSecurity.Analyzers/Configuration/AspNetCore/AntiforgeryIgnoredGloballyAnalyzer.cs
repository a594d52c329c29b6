using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.AspNetCore;

/// <summary>
/// PSF2061: <c>IgnoreAntiforgeryTokenAttribute</c> added as a global MVC filter (<c>options.Filters.Add(new
/// IgnoreAntiforgeryTokenAttribute())</c>, <c>Filters.Add&lt;IgnoreAntiforgeryTokenAttribute&gt;()</c>,
/// <c>Filters.Add(typeof(IgnoreAntiforgeryTokenAttribute))</c>): every cookie-authenticated form post of the app then
/// accepts cross-site requests.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AntiforgeryIgnoredGloballyAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.AntiforgeryIgnoredGlobally);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var filters = start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.Filters.FilterCollection");
            var ignore = start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute");
            if (filters is null || ignore is null)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, filters, ignore), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol filters, INamedTypeSymbol ignore)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        // Add(IFilterMetadata) is Collection<IFilterMetadata>'s: look at the receiver, not the method's type.
        if (method.Name is not ("Add" or "AddService" or "Insert")
            || !(Types.IsOrDerivesFrom(method.ContainingType, filters) || Types.IsOrDerivesFrom(invocation.Instance?.Type, filters)))
        {
            return;
        }

        var added = method.IsGenericMethod && method.TypeArguments.Length == 1 && Types.IsOrDerivesFrom(method.TypeArguments[0], ignore);
        foreach (var argument in invocation.Arguments)
        {
            foreach (var candidate in ValueTracker.Candidates(argument.Value))
            {
                added |= ValueTracker.Unwrap(candidate) switch
                {
                    IObjectCreationOperation creation => Types.IsOrDerivesFrom(creation.Type, ignore),
                    ITypeOfOperation typeOf => Types.IsOrDerivesFrom(typeOf.TypeOperand, ignore),
                    _ => false,
                };
            }
        }

        if (added)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AntiforgeryIgnoredGlobally, invocation.Syntax.GetLocation()));
        }
    }
}
