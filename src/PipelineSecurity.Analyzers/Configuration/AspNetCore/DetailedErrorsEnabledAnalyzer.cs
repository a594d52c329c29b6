using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.AspNetCore;

/// <summary>
/// PSF2055: detailed errors or personal data switched on outside development: <c>IdentityModelEventSource.ShowPII</c> or
/// <c>LogCompleteSecurityArtifact</c>, SignalR <c>HubOptions.EnableDetailedErrors</c>, gRPC
/// <c>GrpcServiceOptions.EnableDetailedErrors</c>, Blazor <c>CircuitOptions.DetailedErrors</c> set to true, or
/// <c>UseSetting(WebHostDefaults.DetailedErrorsKey, "true")</c>. A value computed from the environment
/// (<c>= env.IsDevelopment()</c>) and code inside <c>if (env.IsDevelopment())</c> are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DetailedErrorsEnabledAnalyzer : DiagnosticAnalyzer
{
    private const string DetailedErrorsKey = "detailedErrors"; // WebHostDefaults.DetailedErrorsKey

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.DetailedErrorsEnabled);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var eventSource = start.Compilation.GetTypeByMetadataName("Microsoft.IdentityModel.Logging.IdentityModelEventSource");
            var options = Types.Resolve(
                start.Compilation,
                "Microsoft.AspNetCore.SignalR.HubOptions",
                "Microsoft.AspNetCore.Components.Server.CircuitOptions",
                "Grpc.AspNetCore.Server.GrpcServiceOptions");
            var hostBuilder = Types.Resolve(
                start.Compilation,
                "Microsoft.AspNetCore.Hosting.IWebHostBuilder",
                "Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions");
            if (eventSource is null && options.Count == 0 && hostBuilder.Count == 0)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeAssignment(c, eventSource, options), OperationKind.SimpleAssignment);
            if (hostBuilder.Count > 0)
            {
                start.RegisterOperationAction(c => AnalyzeUseSetting(c, hostBuilder), OperationKind.Invocation);
            }
        });
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, INamedTypeSymbol? eventSource, HashSet<INamedTypeSymbol> options)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: var property })
        {
            return;
        }

        var sensitive = property.Name switch
        {
            "ShowPII" or "LogCompleteSecurityArtifact" => SymbolEqualityComparer.Default.Equals(property.ContainingType, eventSource),
            "EnableDetailedErrors" or "DetailedErrors" => Types.IsOrDerivesFrom(property.ContainingType, options),
            _ => false,
        };
        if (sensitive && ValueTracker.MayBeTrue(assignment.Value) && !DevelopmentGuard.IsGuarded(assignment))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.DetailedErrorsEnabled,
                assignment.Value.Syntax.GetLocation(),
                property.ContainingType.Name + "." + property.Name));
        }
    }

    private static void AnalyzeUseSetting(OperationAnalysisContext context, HashSet<INamedTypeSymbol> hostBuilder)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name != "UseSetting" || invocation.Arguments.Length < 2)
        {
            return;
        }

        var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        if (!hostBuilder.Contains(method.ContainingType.OriginalDefinition) && !Types.IsOrDerivesFrom(invocation.Instance?.Type, hostBuilder)
            && !ImplementsAny(invocation.Instance?.Type, hostBuilder))
        {
            return;
        }

        var key = Argument(invocation, "key");
        var value = Argument(invocation, "value");
        if (key is not null && value is not null
            && IsDetailedErrorsKey(key)
            && ValueTracker.MayBeConstant(value, static v => v is string s && (string.Equals(s, "true", System.StringComparison.OrdinalIgnoreCase) || s == "1"))
            && !DevelopmentGuard.IsGuarded(invocation))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DetailedErrorsEnabled, invocation.Syntax.GetLocation(), "WebHostDefaults.DetailedErrorsKey"));
        }
    }

    // WebHostDefaults.DetailedErrorsKey is a static readonly field, not a constant.
    private static bool IsDetailedErrorsKey(IOperation key)
    {
        foreach (var candidate in ValueTracker.Candidates(key))
        {
            if (candidate is IFieldReferenceOperation { Field: { Name: "DetailedErrorsKey", ContainingType.Name: "WebHostDefaults" } }
                || candidate.ConstantValue is { HasValue: true, Value: string text } && string.Equals(text, DetailedErrorsKey, System.StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ImplementsAny(ITypeSymbol? type, HashSet<INamedTypeSymbol> interfaces)
    {
        if (type is null)
        {
            return false;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (interfaces.Contains(implemented.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation? Argument(IInvocationOperation invocation, string name)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == name)
            {
                return argument.Value;
            }
        }

        return null;
    }
}
