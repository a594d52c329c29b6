using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.Deserialization;

/// <summary>
/// PSF2065: an <c>XmlSerializer</c>, <c>DataContractSerializer</c> or <c>DataContractJsonSerializer</c> built for a type
/// whose name is not a constant: <c>Type.GetType(name)</c>, <c>Assembly.GetType(name)</c> or <c>Type.GetType(name, …)</c>
/// with a name from a parameter, a field or the input, directly or through a local. Whoever controls the name chooses
/// which type is instantiated and which setters run.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SerializerTypeFromInputAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.SerializerTypeFromInput);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var serializers = Types.Resolve(
                start.Compilation,
                "System.Xml.Serialization.XmlSerializer",
                "System.Runtime.Serialization.DataContractSerializer",
                "System.Runtime.Serialization.Json.DataContractJsonSerializer");
            if (serializers.Count == 0)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, serializers), OperationKind.ObjectCreation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, System.Collections.Generic.HashSet<INamedTypeSymbol> serializers)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!Types.IsOrDerivesFrom(creation.Type, serializers) || creation.Arguments.Length == 0 || creation.Arguments[0].Parameter?.Name != "type")
        {
            return;
        }

        foreach (var candidate in ValueTracker.Candidates(creation.Arguments[0].Value))
        {
            if (candidate is IInvocationOperation { TargetMethod.Name: "GetType", Arguments.Length: >= 1 } lookup
                && lookup.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String
                && !ValueTracker.Candidates(lookup.Arguments[0].Value).TrueForAll(static c => c.ConstantValue.HasValue))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SerializerTypeFromInput, creation.Arguments[0].Value.Syntax.GetLocation(), creation.Type!.Name));
                return;
            }
        }
    }
}
