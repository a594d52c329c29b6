using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.AspNetCore;

/// <summary>
/// PSF2044: a TokenValidationParameters validator delegate that checks nothing: <c>AudienceValidator</c>,
/// <c>LifetimeValidator</c> or <c>IssuerSigningKeyValidator</c> always returning true; <c>IssuerValidator</c> returning
/// its issuer argument unchanged; <c>SignatureValidator</c> only wrapping its token argument (<c>new JsonWebToken(token)</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TokenValidatorAcceptsAllAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.TokenValidatorAcceptsAll);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var parameters = start.Compilation.GetTypeByMetadataName("Microsoft.IdentityModel.Tokens.TokenValidationParameters");
            if (parameters is null)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, parameters), OperationKind.SimpleAssignment);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol parameters)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: var property }
            || !Types.IsOrDerivesFrom(property.ContainingType, parameters))
        {
            return;
        }

        var acceptsAll = property.Name switch
        {
            "AudienceValidator" or "LifetimeValidator" or "IssuerSigningKeyValidator" => ValueTracker.MayBeDelegateAlwaysReturningTrue(assignment.Value),
            "IssuerValidator" => AnyBody(assignment.Value, static r => IsFirstParameter(r)),
            "SignatureValidator" => AnyBody(assignment.Value, static r => WrapsFirstParameter(r)),
            _ => false,
        };
        if (acceptsAll)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TokenValidatorAcceptsAll, assignment.Value.Syntax.GetLocation(), property.Name));
        }
    }

    /// <summary>Whether a body of the delegate has returns, all of them matching <paramref name="returnsInput"/>.</summary>
    private static bool AnyBody(IOperation value, System.Func<IOperation, bool> returnsInput)
    {
        foreach (var body in ValueTracker.DelegateBodies(value))
        {
            var returns = ValueTracker.Returns(body);
            if (returns.Count > 0 && returns.TrueForAll(r => returnsInput(ValueTracker.Unwrap(r))))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsFirstParameter(IOperation returned) =>
        returned is IParameterReferenceOperation { Parameter.Ordinal: 0 };

    private static bool WrapsFirstParameter(IOperation returned) =>
        returned is IObjectCreationOperation { Arguments.Length: 1 } creation
        && IsFirstParameter(ValueTracker.Unwrap(creation.Arguments[0].Value));
}
