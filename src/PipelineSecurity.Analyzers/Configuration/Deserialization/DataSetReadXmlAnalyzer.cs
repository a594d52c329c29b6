using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.Deserialization;

/// <summary>
/// PSF2064: <c>DataSet.ReadXml</c>/<c>DataTable.ReadXml</c> (and <c>ReadXmlSchema</c>) on input that is not a constant
/// path: a stream, a reader or a string from a parameter, a request or a file chosen at run time. The XML's inline schema
/// chooses the column types that get instantiated, which Microsoft documents as unsafe for untrusted input.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DataSetReadXmlAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.DataSetReadXml);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = Types.Resolve(start.Compilation, "System.Data.DataSet", "System.Data.DataTable");
            if (types.Count == 0)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, types), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, System.Collections.Generic.HashSet<INamedTypeSymbol> types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name is not ("ReadXml" or "ReadXmlSchema") || invocation.Arguments.Length == 0 || !Types.IsOrDerivesFrom(method.ContainingType, types))
        {
            return;
        }

        var input = invocation.Arguments[0].Value;
        if (input.Type?.SpecialType == SpecialType.System_String && ValueTracker.Candidates(input).TrueForAll(static c => c.ConstantValue.HasValue))
        {
            return; // A fixed file shipped with the app.
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DataSetReadXml, invocation.Syntax.GetLocation(), method.ContainingType.Name + "." + method.Name));
    }
}
