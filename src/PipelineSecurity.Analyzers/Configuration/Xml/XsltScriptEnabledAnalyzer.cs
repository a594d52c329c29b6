using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.Xml;

/// <summary>
/// PSF2032: XSLT with scripts or <c>document()</c> enabled: <c>new XsltSettings(enableDocumentFunction: true, …)</c>,
/// <c>EnableScript = true</c>, <c>EnableDocumentFunction = true</c>, <c>XsltSettings.TrustedXslt</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class XsltScriptEnabledAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.XsltScriptEnabled);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var settings = start.Compilation.GetTypeByMetadataName("System.Xml.Xsl.XsltSettings");
            if (settings is null)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeCreation(c, settings), OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, settings), OperationKind.SimpleAssignment);
            start.RegisterOperationAction(c => AnalyzeTrusted(c, settings), OperationKind.PropertyReference);
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, INamedTypeSymbol settings)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!SymbolEqualityComparer.Default.Equals(creation.Type, settings))
        {
            return;
        }

        foreach (var argument in creation.Arguments)
        {
            if (ValueTracker.MayBeTrue(argument.Value))
            {
                Report(context, argument.Value, argument.Parameter?.Name == "enableScript" ? "scripts" : "the document() function");
            }
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, INamedTypeSymbol settings)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "EnableScript" or "EnableDocumentFunction" } property }
            && SymbolEqualityComparer.Default.Equals(property.ContainingType, settings)
            && ValueTracker.MayBeTrue(assignment.Value))
        {
            Report(context, assignment.Value, property.Name == "EnableScript" ? "scripts" : "the document() function");
        }
    }

    private static void AnalyzeTrusted(OperationAnalysisContext context, INamedTypeSymbol settings)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (reference.Property is { Name: "TrustedXslt", IsStatic: true } && SymbolEqualityComparer.Default.Equals(reference.Property.ContainingType, settings))
        {
            Report(context, reference, "scripts and the document() function (TrustedXslt)");
        }
    }

    private static void Report(OperationAnalysisContext context, IOperation operation, string what) =>
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.XsltScriptEnabled, operation.Syntax.GetLocation(), what));
}
