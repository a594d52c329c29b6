using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.Deserialization;

/// <summary>
/// PSF2020: a formatter that instantiates any type named in its input is created: BinaryFormatter, SoapFormatter,
/// NetDataContractSerializer, LosFormatter, ObjectStateFormatter; or a JavaScriptSerializer given a SimpleTypeResolver.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InsecureFormatterAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.InsecureFormatter);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var formatters = Types.Resolve(
                start.Compilation,
                "System.Runtime.Serialization.Formatters.Binary.BinaryFormatter",
                "System.Runtime.Serialization.Formatters.Soap.SoapFormatter",
                "System.Runtime.Serialization.NetDataContractSerializer",
                "System.Web.UI.LosFormatter",
                "System.Web.UI.ObjectStateFormatter");
            var javaScriptSerializer = start.Compilation.GetTypeByMetadataName("System.Web.Script.Serialization.JavaScriptSerializer");
            var simpleTypeResolver = start.Compilation.GetTypeByMetadataName("System.Web.Script.Serialization.SimpleTypeResolver");
            if (formatters.Count == 0 && javaScriptSerializer is null)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, formatters, javaScriptSerializer, simpleTypeResolver), OperationKind.ObjectCreation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, HashSet<INamedTypeSymbol> formatters, INamedTypeSymbol? javaScriptSerializer, INamedTypeSymbol? simpleTypeResolver)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (Types.IsOrDerivesFrom(creation.Type, formatters))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InsecureFormatter, creation.Syntax.GetLocation(), creation.Type!.Name));
            return;
        }

        if (javaScriptSerializer is null || !SymbolEqualityComparer.Default.Equals(creation.Type, javaScriptSerializer))
        {
            return;
        }

        foreach (var argument in creation.Arguments)
        {
            foreach (var candidate in ValueTracker.Candidates(argument.Value))
            {
                if (Types.IsOrDerivesFrom(candidate.Type, simpleTypeResolver))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.InsecureFormatter, creation.Syntax.GetLocation(), "JavaScriptSerializer with SimpleTypeResolver"));
                    return;
                }
            }
        }
    }
}
