using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.Deserialization;

/// <summary>
/// PSF2021: Json.NET's <c>TypeNameHandling</c> set to anything but <c>None</c> on JsonSerializerSettings or
/// JsonSerializer (initializer, assignment, value from a local, constant or field) while no
/// <c>SerializationBinder</c> is set on the same object in the same method.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NewtonsoftTypeNameHandlingAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.NewtonsoftTypeNameHandling);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var typeNameHandling = start.Compilation.GetTypeByMetadataName("Newtonsoft.Json.TypeNameHandling");
            if (typeNameHandling is null)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, typeNameHandling), OperationKind.SimpleAssignment);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol typeNameHandling)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "TypeNameHandling" } property }
            || !SymbolEqualityComparer.Default.Equals(property.Type, typeNameHandling))
        {
            return;
        }

        object? unsafeValue = null;
        foreach (var candidate in ValueTracker.Candidates(assignment.Value))
        {
            if (candidate.ConstantValue is { HasValue: true, Value: int value } && value != 0)
            {
                unsafeValue = value;
                break;
            }
        }

        if (unsafeValue is null || HasBinder(assignment))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.NewtonsoftTypeNameHandling,
            assignment.Value.Syntax.GetLocation(),
            Name(typeNameHandling, (int)unsafeValue)));
    }

    private static bool HasBinder(ISimpleAssignmentOperation assignment)
    {
        foreach (var sibling in ObjectSettings.SiblingAssignments(assignment))
        {
            if (((IPropertyReferenceOperation)sibling.Target).Property.Name is "SerializationBinder" or "Binder"
                && sibling.Value.ConstantValue is not { HasValue: true, Value: null })
            {
                return true;
            }
        }

        return false;
    }

    private static string Name(INamedTypeSymbol enumType, int value)
    {
        foreach (var member in enumType.GetMembers())
        {
            if (member is IFieldSymbol { HasConstantValue: true, ConstantValue: int memberValue } field && memberValue == value)
            {
                return field.Name;
            }
        }

        return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
