using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.AspNetCore;

/// <summary>
/// PSF2056: an exception's stack trace (<c>ex.ToString()</c>, <c>ex.StackTrace</c>, or the exception object itself,
/// which serializers write with its stack trace) sent to the client: <c>Response.WriteAsync</c>/<c>WriteAsJsonAsync</c>,
/// <c>Results</c>/<c>TypedResults</c>, controller results (<c>Problem</c>, <c>BadRequest</c>, <c>StatusCode</c>,
/// <c>Content</c>, <c>Ok</c>, <c>Json</c>…), <c>new ObjectResult(…)</c> and friends, <c>ProblemDetails.Detail</c> and
/// <c>ContentResult.Content</c>. Not reported inside <c>if (env.IsDevelopment())</c> or <c>env.IsDevelopment() ? … : …</c>.
/// <c>ex.Message</c> alone is not reported: it is often the intended user-facing text.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ExceptionDetailsInResponseAnalyzer : DiagnosticAnalyzer
{
    private const int MaxNodes = 64;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ExceptionDetailsInResponse);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var exception = start.Compilation.GetTypeByMetadataName("System.Exception");
            var sinks = Types.Resolve(
                start.Compilation,
                "Microsoft.AspNetCore.Http.HttpResponseWritingExtensions",
                "Microsoft.AspNetCore.Http.HttpResponseJsonExtensions",
                "Microsoft.AspNetCore.Http.Results",
                "Microsoft.AspNetCore.Http.TypedResults",
                "Microsoft.AspNetCore.Mvc.ControllerBase");
            var results = Types.Resolve(
                start.Compilation,
                "Microsoft.AspNetCore.Mvc.ObjectResult",
                "Microsoft.AspNetCore.Mvc.ContentResult",
                "Microsoft.AspNetCore.Mvc.JsonResult");
            var problem = start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ProblemDetails");
            if (exception is null || (sinks.Count == 0 && results.Count == 0 && problem is null))
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeInvocation(c, exception, sinks), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeCreation(c, exception, results), OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, exception, problem, results), OperationKind.SimpleAssignment);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol exception, HashSet<INamedTypeSymbol> sinks)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        if (!Types.IsOrDerivesFrom(method.ContainingType, sinks))
        {
            return;
        }

        CheckArguments(context, invocation.Arguments, exception, method.ContainingType.Name + "." + method.Name);
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, INamedTypeSymbol exception, HashSet<INamedTypeSymbol> results)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (Types.IsOrDerivesFrom(creation.Type, results))
        {
            CheckArguments(context, creation.Arguments, exception, "new " + creation.Type!.Name);
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, INamedTypeSymbol exception, INamedTypeSymbol? problem, HashSet<INamedTypeSymbol> results)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: var property }
            && ((property.Name is "Detail" or "Title" && Types.IsOrDerivesFrom(property.ContainingType, problem))
                || (property.Name is "Content" or "Value" && Types.IsOrDerivesFrom(property.ContainingType, results)))
            && ExposesStackTrace(assignment.Value, exception) is { } exposed
            && !DevelopmentGuard.IsGuarded(assignment) && !DevelopmentGuard.IsGuarded(exposed))
        {
            Report(context, assignment.Value, property.ContainingType.Name + "." + property.Name);
        }
    }

    private static void CheckArguments(OperationAnalysisContext context, ImmutableArray<IArgumentOperation> arguments, INamedTypeSymbol exception, string sink)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Type.SpecialType is not (SpecialType.System_String or SpecialType.System_Object) && argument.Parameter?.Type is not ITypeParameterSymbol)
            {
                continue;
            }

            if (ExposesStackTrace(argument.Value, exception) is { } exposed && !DevelopmentGuard.IsGuarded(exposed))
            {
                Report(context, argument.Value, sink);
                return;
            }
        }
    }

    /// <summary>The part of <paramref name="value"/> that carries a stack trace, looking through locals, concatenation and interpolation.</summary>
    private static IOperation? ExposesStackTrace(IOperation value, INamedTypeSymbol exception)
    {
        var seen = 0;
        foreach (var candidate in ValueTracker.Candidates(value))
        {
            // The exception object itself, serialized (with its stack trace) into the response.
            if (Types.IsOrDerivesFrom(ValueTracker.Unwrap(candidate).Type, exception))
            {
                return candidate;
            }

            foreach (var node in candidate.DescendantsAndSelf())
            {
                if (++seen > MaxNodes)
                {
                    return null;
                }

                switch (node)
                {
                    case IInvocationOperation { TargetMethod.Name: "ToString", TargetMethod.Parameters.Length: 0, Instance: { } instance }
                        when Types.IsOrDerivesFrom(instance.Type, exception):
                        return node;
                    case IPropertyReferenceOperation { Property.Name: "StackTrace", Instance: { } owner } when Types.IsOrDerivesFrom(owner.Type, exception):
                        return node;
                    case IConversionOperation { Operand: { } operand } conversion
                        when Types.IsOrDerivesFrom(operand.Type, exception) && conversion.Type?.SpecialType == SpecialType.System_Object:
                        return node;
                    case IInterpolationOperation { Expression: { } expression } when Types.IsOrDerivesFrom(expression.Type, exception):
                        return node;
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add
                        when Types.IsOrDerivesFrom(ValueTracker.Unwrap(add.LeftOperand).Type, exception) || Types.IsOrDerivesFrom(ValueTracker.Unwrap(add.RightOperand).Type, exception):
                        return node;
                }
            }
        }

        return null;
    }

    private static void Report(OperationAnalysisContext context, IOperation value, string sink) =>
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ExceptionDetailsInResponse, value.Syntax.GetLocation(), sink));
}
