using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.Xml;

/// <summary>
/// PSF2030: <c>XmlReaderSettings.DtdProcessing = DtdProcessing.Parse</c> while the same settings object gets a
/// non-null <c>XmlResolver</c> in the same method. DTD parsing without a resolver cannot fetch external entities.
/// <c>XmlTextReader.DtdProcessing = DtdProcessing.Parse</c> (or <c>ProhibitDtd = false</c>) set after construction is
/// reported unless the same reader gets <c>XmlResolver = null</c>: an XmlTextReader resolves with an XmlUrlResolver by default.
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
            var textReader = start.Compilation.GetTypeByMetadataName("System.Xml.XmlTextReader");
            if (settings is null && textReader is null)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, settings, textReader), OperationKind.SimpleAssignment);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol? settings, INamedTypeSymbol? textReader)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "DtdProcessing" or "ProhibitDtd" } property })
        {
            return;
        }

        var parses = property.Name == "DtdProcessing"
            ? ValueTracker.MayBeConstant(assignment.Value, static v => v is int mode && mode == Parse)
            : ValueTracker.MayBeFalse(assignment.Value);
        var isSettings = SymbolEqualityComparer.Default.Equals(property.ContainingType, settings);
        var isTextReader = Types.IsOrDerivesFrom(property.ContainingType, textReader);
        if (!parses || (!isSettings && !isTextReader))
        {
            return;
        }

        var resolver = ObjectSettings.ValueOf(ObjectSettings.SiblingAssignments(assignment), "XmlResolver");
        var resolverIsNull = resolver is not null && ValueTracker.Candidates(resolver).TrueForAll(static c => c.ConstantValue is { HasValue: true, Value: null });

        // XmlReaderSettings has no resolver unless one is given; XmlTextReader has one unless it is taken away.
        if (isSettings ? resolver is null || resolverIsNull : resolverIsNull)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.XmlDtdWithResolver, assignment.Value.Syntax.GetLocation(), property.ContainingType.Name));
    }
}
