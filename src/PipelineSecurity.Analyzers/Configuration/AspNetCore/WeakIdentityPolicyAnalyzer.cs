using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;
using PipelineSecurity.Analyzers.Infrastructure;

namespace PipelineSecurity.Analyzers.Configuration.AspNetCore;

/// <summary>
/// PSF2058: ASP.NET Core Identity options below current guidance (NIST SP 800-63B, OWASP ASVS):
/// <c>PasswordOptions.RequiredLength</c> under <c>pipeline_security.PSF2058.min_password_length</c> (default 8),
/// <c>LockoutOptions.MaxFailedAccessAttempts</c> above <c>pipeline_security.PSF2058.max_failed_attempts</c> (default 10),
/// <c>LockoutOptions.AllowedForNewUsers = false</c>. Composition rules (RequireDigit, RequireNonAlphanumeric…) are not
/// reported: current guidance favours length over them.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WeakIdentityPolicyAnalyzer : DiagnosticAnalyzer
{
    internal const string MinLengthKey = AnalyzerOptionKeys.Prefix + RuleIds.WeakIdentityPolicy + ".min_password_length";
    internal const string MaxAttemptsKey = AnalyzerOptionKeys.Prefix + RuleIds.WeakIdentityPolicy + ".max_failed_attempts";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.WeakIdentityPolicy);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var password = start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Identity.PasswordOptions");
            var lockout = start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Identity.LockoutOptions");
            if (password is null && lockout is null)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, password, lockout), OperationKind.SimpleAssignment);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol? password, INamedTypeSymbol? lockout)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: var property })
        {
            return;
        }

        var tree = assignment.Syntax.SyntaxTree;
        string? finding = null;
        string? advice = null;
        if (property.Name == "RequiredLength" && SymbolEqualityComparer.Default.Equals(property.ContainingType, password))
        {
            var minimum = context.Options.GetInt(tree, MinLengthKey, 8);
            if (Constant(assignment.Value, v => v < minimum) is { } length)
            {
                finding = "Password.RequiredLength = " + length.ToString(CultureInfo.InvariantCulture);
                advice = "require at least " + minimum.ToString(CultureInfo.InvariantCulture) + " characters (length is what resists guessing)";
            }
        }
        else if (property.Name == "MaxFailedAccessAttempts" && SymbolEqualityComparer.Default.Equals(property.ContainingType, lockout))
        {
            var maximum = context.Options.GetInt(tree, MaxAttemptsKey, 10);
            if (Constant(assignment.Value, v => v > maximum) is { } attempts)
            {
                finding = "Lockout.MaxFailedAccessAttempts = " + attempts.ToString(CultureInfo.InvariantCulture);
                advice = "lock out after at most " + maximum.ToString(CultureInfo.InvariantCulture) + " failed attempts (the default is 5)";
            }
        }
        else if (property.Name == "AllowedForNewUsers" && SymbolEqualityComparer.Default.Equals(property.ContainingType, lockout)
                 && ValueTracker.MayBeFalse(assignment.Value))
        {
            finding = "Lockout.AllowedForNewUsers = false";
            advice = "leave lockout on for new users so passwords cannot be guessed without limit";
        }

        if (finding is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.WeakIdentityPolicy, assignment.Value.Syntax.GetLocation(), finding, advice));
        }
    }

    private static int? Constant(IOperation value, System.Func<int, bool> weak)
    {
        foreach (var candidate in ValueTracker.Candidates(value))
        {
            if (candidate.ConstantValue is { HasValue: true, Value: int number } && weak(number))
            {
                return number;
            }
        }

        return null;
    }
}
