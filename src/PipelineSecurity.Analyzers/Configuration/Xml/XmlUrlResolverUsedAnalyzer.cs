using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.Xml;

/// <summary>PSF2031: the <c>XmlResolver</c> of an XmlDocument, XmlTextReader or XmlReaderSettings set to an XmlUrlResolver (directly or through a local or field).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class XmlUrlResolverUsedAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.XmlUrlResolverUsed);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var urlResolver = start.Compilation.GetTypeByMetadataName("System.Xml.XmlUrlResolver");
            var owners = Types.Resolve(start.Compilation, "System.Xml.XmlDocument", "System.Xml.XmlTextReader", "System.Xml.XmlReaderSettings");
            if (urlResolver is null || owners.Count == 0)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, urlResolver, owners), OperationKind.SimpleAssignment);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol urlResolver, System.Collections.Generic.HashSet<INamedTypeSymbol> owners)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "XmlResolver" } property }
            || !Types.IsOrDerivesFrom(property.ContainingType, owners))
        {
            return;
        }

        foreach (var candidate in ValueTracker.Candidates(assignment.Value))
        {
            if (candidate is IObjectCreationOperation creation && Types.IsOrDerivesFrom(creation.Type, urlResolver))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.XmlUrlResolverUsed, assignment.Value.Syntax.GetLocation(), property.ContainingType.Name));
                return;
            }
        }
    }
}
