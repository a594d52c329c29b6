using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;
using PipelineSecurity.Analyzers.Infrastructure;

namespace PipelineSecurity.Analyzers.Configuration.Crypto;

/// <summary>
/// PSF2015: <c>Rfc2898DeriveBytes</c> (constructor or <c>Pbkdf2</c>) with SHA-1 or MD5 (including the constructors
/// without a hash algorithm, which default to SHA-1), or with fewer iterations than
/// <c>pipeline_security.PSF2015.min_iterations</c> (100,000; the constructors without a count use 1,000); and any
/// <c>PasswordDeriveBytes</c> (PBKDF1 with SHA-1 and 100 iterations, non-standard beyond the hash length).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WeakKeyDerivationAnalyzer : DiagnosticAnalyzer
{
    internal const string MinIterationsKey = AnalyzerOptionKeys.Prefix + RuleIds.WeakKeyDerivation + ".min_iterations";
    private const int DefaultMinIterations = 100_000;
    private const int ImplicitIterations = 1000;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.WeakKeyDerivation);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var pbkdf2 = start.Compilation.GetTypeByMetadataName("System.Security.Cryptography.Rfc2898DeriveBytes");
            var pbkdf1 = start.Compilation.GetTypeByMetadataName("System.Security.Cryptography.PasswordDeriveBytes");
            if (pbkdf1 is not null)
            {
                start.RegisterOperationAction(c => AnalyzePbkdf1(c, pbkdf1), OperationKind.ObjectCreation);
            }

            if (pbkdf2 is null)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeCreation(c, pbkdf2), OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, pbkdf2), OperationKind.Invocation);
        });
    }

    private static void AnalyzePbkdf1(OperationAnalysisContext context, INamedTypeSymbol pbkdf1)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (Types.IsOrDerivesFrom(creation.Type, pbkdf1))
        {
            var minimum = context.Options.GetInt(creation.Syntax.SyntaxTree, MinIterationsKey, DefaultMinIterations);
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.WeakKeyDerivation,
                creation.Syntax.GetLocation(),
                "PasswordDeriveBytes is PBKDF1 with SHA-1 and 100 iterations: use Rfc2898DeriveBytes.Pbkdf2",
                minimum.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, INamedTypeSymbol pbkdf2)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (Types.IsOrDerivesFrom(creation.Type, pbkdf2))
        {
            Check(context, creation, creation.Arguments);
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol pbkdf2)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod is { IsStatic: true, Name: "Pbkdf2" } method && SymbolEqualityComparer.Default.Equals(method.ContainingType, pbkdf2))
        {
            Check(context, invocation, invocation.Arguments);
        }
    }

    private static void Check(OperationAnalysisContext context, IOperation call, ImmutableArray<IArgumentOperation> arguments)
    {
        var minimum = context.Options.GetInt(call.Syntax.SyntaxTree, MinIterationsKey, DefaultMinIterations);
        IOperation? iterations = null;
        IOperation? hash = null;
        foreach (var argument in arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "iterations":
                    iterations = argument.Value;
                    break;
                case "hashAlgorithm":
                    hash = argument.Value;
                    break;
            }
        }

        string? problem = null;
        if (hash is null)
        {
            problem = "Rfc2898DeriveBytes defaults to SHA-1";
        }
        else if (WeakHashName(hash) is { } weak)
        {
            problem = "Rfc2898DeriveBytes with " + weak;
        }

        if (problem is null)
        {
            var count = iterations is null ? ImplicitIterations : LowestConstant(iterations);
            if (count is { } value && value < minimum)
            {
                problem = "Rfc2898DeriveBytes with " + value.ToString("N0", CultureInfo.InvariantCulture) + " iterations";
            }
        }

        if (problem is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.WeakKeyDerivation,
                call.Syntax.GetLocation(),
                problem,
                minimum.ToString("N0", CultureInfo.InvariantCulture)));
        }
    }

    private static int? LowestConstant(IOperation value)
    {
        int? lowest = null;
        foreach (var candidate in ValueTracker.Candidates(value))
        {
            if (candidate.ConstantValue is { HasValue: true, Value: int count } && (lowest is null || count < lowest))
            {
                lowest = count;
            }
        }

        return lowest;
    }

    private static string? WeakHashName(IOperation hash)
    {
        foreach (var candidate in ValueTracker.Candidates(hash))
        {
            switch (candidate)
            {
                case IPropertyReferenceOperation { Property.Name: "SHA1" or "MD5" } property:
                    return property.Property.Name == "SHA1" ? "SHA-1" : "MD5";
                case IObjectCreationOperation { Arguments.Length: 1 } creation
                    when creation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: "SHA1" or "MD5" }:
                    return (string)creation.Arguments[0].Value.ConstantValue.Value! == "SHA1" ? "SHA-1" : "MD5";
            }
        }

        return null;
    }
}
