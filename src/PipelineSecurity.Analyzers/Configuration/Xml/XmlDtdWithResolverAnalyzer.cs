using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.Xml;

/// <summary>
/// PSF2030: <c>XmlReaderSettings.DtdProcessing = DtdProcessing.Parse</c> while the same settings object gets a
/// non-null <c>XmlResolver</c> in the same method. DTD parsing without a resolver cannot fetch external entities.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class XmlDtdWithResolverAnalyzer : DiagnosticAnalyzer
{
    private const int Parse = 2; // DtdProcessing.Parse

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.XmlDtdWithResolver);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var settings = start.Compilation.GetTypeByMetadataName("System.Xml.XmlReaderSettings");
            if (settings is null)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, settings), OperationKind.SimpleAssignment);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol settings)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "DtdProcessing" } property }
            || !SymbolEqualityComparer.Default.Equals(property.ContainingType, settings)
            || !ValueTracker.MayBeConstant(assignment.Value, static v => v is int mode && mode == Parse))
        {
            return;
        }

        var resolver = ObjectSettings.ValueOf(ObjectSettings.SiblingAssignments(assignment), "XmlResolver");
        if (resolver is null || ValueTracker.Candidates(resolver).TrueForAll(static c => c.ConstantValue is { HasValue: true, Value: null }))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.XmlDtdWithResolver, assignment.Value.Syntax.GetLocation()));
    }
}
