using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;
using PipelineSecurity.Analyzers.Infrastructure;
using PipelineSecurity.Analyzers.Secrets.Detection;

namespace PipelineSecurity.Analyzers.Secrets;

/// <summary>
/// PSF1006: a constant that reaches a parameter or property whose meaning is a key or a password, whatever the
/// variables on the way are called: <c>new SymmetricSecurityKey(Encoding.UTF8.GetBytes("…"))</c>,
/// <c>new HMACSHA256(key)</c> and every keyed hash, <c>aes.Key = …</c>, <c>CreateEncryptor(key, iv)</c>, <c>AesGcm(key)</c>,
/// <c>new NetworkCredential(user, "…")</c>, <c>new AuthenticationHeaderValue("Basic", "…")</c> (base64 of user:password,
/// constant or built with <c>Convert.ToBase64String(Encoding.X.GetBytes("user:password"))</c>). Values are followed with
/// the shared <see cref="ValueTracker"/> (locals, fields, properties, conversions) through <c>Encoding.GetBytes</c>,
/// <c>Convert.FromBase64String</c>/<c>FromHexString</c>, UTF-8 literals and byte-array literals. The finding is
/// reported where the constant is written. A literal that PSF1002–PSF1005 already report is not reported again.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedCredentialSinkAnalyzer : DiagnosticAnalyzer
{
    private const int MinimumKeyCharacters = 8;
    private const int MinimumKeyBytes = 8;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.HardCodedCredentialSink);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(static start =>
        {
            var sinks = new Sinks(start.Compilation);
            if (!sinks.Any)
            {
                return;
            }

            // One report per constant, however many sinks it reaches.
            var reported = new ConcurrentDictionary<Location, bool>();
            start.RegisterOperationAction(c => AnalyzeCall(c, sinks, reported), OperationKind.ObjectCreation, OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, sinks, reported), OperationKind.SimpleAssignment);
        });
    }

    private static void AnalyzeCall(OperationAnalysisContext context, Sinks sinks, ConcurrentDictionary<Location, bool> reported)
    {
        var (method, arguments) = context.Operation switch
        {
            IObjectCreationOperation creation => (creation.Constructor, creation.Arguments),
            IInvocationOperation invocation => (invocation.TargetMethod, invocation.Arguments),
            _ => (null, ImmutableArray<IArgumentOperation>.Empty),
        };
        if (method is null || arguments.IsEmpty)
        {
            return;
        }

        foreach (var argument in arguments)
        {
            if (argument.Parameter is not { } parameter)
            {
                continue;
            }

            var role = sinks.RoleOf(parameter, method, arguments);
            if (role != SinkRole.None)
            {
                Check(context, argument.Value, role, SinkName(method, parameter.Name), reported);
            }
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, Sinks sinks, ConcurrentDictionary<Location, bool> reported)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: { } property })
        {
            var role = sinks.RoleOf(property);
            if (role != SinkRole.None)
            {
                Check(context, assignment.Value, role, property.ContainingType.Name + "." + property.Name, reported);
            }
        }
    }

    private static void Check(OperationAnalysisContext context, IOperation value, SinkRole role, string sink, ConcurrentDictionary<Location, bool> reported)
    {
        foreach (var candidate in ValueTracker.Candidates(value))
        {
            var origin = role switch
            {
                SinkRole.KeyBytes => KeyBytesOrigin(candidate),
                SinkRole.Password => PasswordOrigin(candidate),
                SinkRole.BasicCredentials => BasicCredentialsOrigin(candidate),
                _ => null,
            };
            if (origin is null)
            {
                continue;
            }

            var (syntax, what) = origin.Value;
            var location = syntax.SyntaxTree == context.Operation.Syntax.SyntaxTree ? syntax.GetLocation() : value.Syntax.GetLocation();
            if (context.Options.ShouldSkipGeneratedCode(location.SourceTree!, IsGenerated(context, location))
                || AlreadyReportedAsSecret(syntax, context)
                || !reported.TryAdd(location, true))
            {
                continue;
            }

            var severity = SecretAnalysisSettings.EffectiveSeverity(context.Options, DiagnosticDescriptors.HardCodedCredentialSink);
            if (severity is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.HardCodedCredentialSink, location, severity.Value, null, null, what, sink));
            }
        }
    }

    private static bool IsGenerated(OperationAnalysisContext context, Location location) =>
        location.SourceTree == context.Operation.Syntax.SyntaxTree && context.IsGeneratedCode;

    /// <summary>A constant byte source: a byte-array literal, a UTF-8 literal, or the bytes of a constant string.</summary>
    private static (SyntaxNode Syntax, string What)? KeyBytesOrigin(IOperation candidate)
    {
        switch (candidate)
        {
            case IArrayCreationOperation { Initializer: { } initializer } creation:
                if (initializer.ElementValues.Length < MinimumKeyBytes)
                {
                    return null;
                }

                object? first = null;
                var varies = false;
                foreach (var element in initializer.ElementValues)
                {
                    if (!element.ConstantValue.HasValue)
                    {
                        return null;
                    }

                    first ??= element.ConstantValue.Value;
                    varies |= !Equals(first, element.ConstantValue.Value);
                }

                // All-equal bytes (new byte[] { 0, 0, … }) are a placeholder, not a key.
                return varies ? (creation.Syntax, "A byte-array literal") : null;
            case IUtf8StringOperation utf8 when IsKeyText(utf8.Value):
                return (utf8.Syntax, "A UTF-8 string literal");
            case IInvocationOperation { Arguments.Length: 1 } invocation when IsBytesOfString(invocation.TargetMethod):
                foreach (var text in ValueTracker.Candidates(invocation.Arguments[0].Value))
                {
                    if (text.ConstantValue is { HasValue: true, Value: string value } && IsKeyText(value))
                    {
                        return (Declaration(text), invocation.TargetMethod.Name == "GetBytes" ? "The bytes of a string constant" : "A " + (invocation.TargetMethod.Name == "FromHexString" ? "hex" : "base64") + " string constant");
                    }
                }

                return null;
            case IInvocationOperation { TargetMethod.Name: "ToArray", Instance: { } instance }:
                return KeyBytesOrigin(ValueTracker.Unwrap(instance));
            default:
                return null;
        }
    }

    private static (SyntaxNode Syntax, string What)? PasswordOrigin(IOperation candidate)
    {
        if (candidate.ConstantValue is { HasValue: true, Value: string value } && GenericSecretScorer.IsLikelyPassword(value, 0, value.Length))
        {
            return (Declaration(candidate), "A string constant");
        }

        return null;
    }

    /// <summary>"Basic" credentials: a constant that is base64 of user:password, or ToBase64String of the bytes of one.</summary>
    private static (SyntaxNode Syntax, string What)? BasicCredentialsOrigin(IOperation candidate)
    {
        if (candidate.ConstantValue is { HasValue: true, Value: string encoded })
        {
            var decoded = KubernetesSecretData.Decode(encoded, 0, encoded.Length);
            return decoded is not null && HasPassword(decoded) ? (Declaration(candidate), "Base64 of user:password") : null;
        }

        if (candidate is IInvocationOperation { TargetMethod.Name: "ToBase64String", Arguments.Length: >= 1 } toBase64
            && ValueTracker.Unwrap(toBase64.Arguments[0].Value) is IInvocationOperation { Arguments.Length: 1 } getBytes
            && IsBytesOfString(getBytes.TargetMethod) && getBytes.TargetMethod.Name == "GetBytes")
        {
            foreach (var text in ValueTracker.Candidates(getBytes.Arguments[0].Value))
            {
                if (text.ConstantValue is { HasValue: true, Value: string plain } && HasPassword(plain))
                {
                    return (Declaration(text), "A user:password constant");
                }
            }
        }

        return null;
    }

    private static bool HasPassword(string credentials)
    {
        var colon = credentials.IndexOf(':');
        return colon > 0 && colon < credentials.Length - 1 && !Placeholders.IsPlaceholder(credentials, colon + 1, credentials.Length - colon - 1)
               && !ValueShape.ContainsWhitespace(credentials, 0, credentials.Length) && credentials.Length - colon - 1 >= 4;
    }

    private static bool IsKeyText(string value) =>
        value.Length >= MinimumKeyCharacters && !Placeholders.IsPlaceholder(value) && !ValueShape.ContainsWhitespace(value, 0, value.Length);

    private static bool IsBytesOfString(IMethodSymbol method) => method.Name switch
    {
        "GetBytes" => method.ContainingType is { Name: "Encoding" or "UTF8Encoding" or "ASCIIEncoding" or "UnicodeEncoding" or "UTF32Encoding" or "Latin1Encoding" }
                      && method.ContainingNamespace?.ToDisplayString() == "System.Text"
                      && method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_String,
        "FromBase64String" or "FromHexString" => method.ContainingType?.Name == "Convert" && method.ContainingNamespace?.ToDisplayString() == "System",
        _ => false,
    };

    /// <summary>Where a constant is written: the initializer of a const field or local declared in the same file, else the use.</summary>
    private static SyntaxNode Declaration(IOperation constant)
    {
        var symbol = constant switch
        {
            IFieldReferenceOperation { Field.IsConst: true } field => (ISymbol)field.Field,
            ILocalReferenceOperation { Local.IsConst: true } local => local.Local,
            _ => null,
        };
        if (symbol is not null)
        {
            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == constant.Syntax.SyntaxTree && reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } value })
                {
                    return value;
                }
            }
        }

        return constant.Syntax;
    }

    /// <summary>Whether the hard-coded-secret rules already report this literal (by its format or the name it is given to).</summary>
    private static bool AlreadyReportedAsSecret(SyntaxNode syntax, OperationAnalysisContext context)
    {
        if (syntax is not LiteralExpressionSyntax literal)
        {
            return false;
        }

        var value = literal.Token.ValueText;
        if (PrivateKeyDetector.MayContainKey(value) && PrivateKeyDetector.TryFind(value, out _))
        {
            // PSF1001's.
            return true;
        }

        var semanticModel = context.Operation.SemanticModel;
        return semanticModel is not null && literal.SyntaxTree == semanticModel.SyntaxTree
               && HardCodedSecretAnalyzer.WouldReport(literal, semanticModel, SecretAnalysisSettings.Read(context.Options.AnalyzerConfigOptionsProvider.GetOptions(literal.SyntaxTree)), context.CancellationToken);
    }

    private static string SinkName(IMethodSymbol method, string parameter) =>
        (method.MethodKind == MethodKind.Constructor ? method.ContainingType.Name : method.ContainingType.Name + "." + method.Name) + "(" + parameter + ")";

    private enum SinkRole
    {
        None,
        KeyBytes,
        Password,
        BasicCredentials,
    }

    /// <summary>The key- and credential-consuming members, by the types the compilation has.</summary>
    private sealed class Sinks
    {
        private readonly INamedTypeSymbol? _symmetricAlgorithm;
        private readonly INamedTypeSymbol? _keyedHash;
        private readonly INamedTypeSymbol? _networkCredential;
        private readonly INamedTypeSymbol? _authenticationHeader;
        private readonly INamedTypeSymbol? _symmetricSecurityKey;

        public Sinks(Compilation compilation)
        {
            _symmetricAlgorithm = compilation.GetTypeByMetadataName("System.Security.Cryptography.SymmetricAlgorithm");
            _keyedHash = compilation.GetTypeByMetadataName("System.Security.Cryptography.KeyedHashAlgorithm");
            _networkCredential = compilation.GetTypeByMetadataName("System.Net.NetworkCredential");
            _authenticationHeader = compilation.GetTypeByMetadataName("System.Net.Http.Headers.AuthenticationHeaderValue");
            _symmetricSecurityKey = compilation.GetTypeByMetadataName("Microsoft.IdentityModel.Tokens.SymmetricSecurityKey");
        }

        public bool Any => _symmetricAlgorithm is not null || _keyedHash is not null || _networkCredential is not null || _authenticationHeader is not null || _symmetricSecurityKey is not null;

        public SinkRole RoleOf(IParameterSymbol parameter, IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments)
        {
            // The parameter's name first: it rules out almost every argument without touching symbols.
            var name = parameter.Name;
            var type = method.ContainingType;
            if (name is not ("key" or "rgbKey" or "parameter" or "password" or "passphrase") || type is null)
            {
                return SinkRole.None;
            }

            var ns = type.ContainingNamespace?.ToDisplayString();

            // Keys: every byte key of System.Security.Cryptography (HMAC*, AesGcm, CreateEncryptor(rgbKey, …), HashData(key, …),
            // IncrementalHash.CreateHMAC) and SymmetricSecurityKey.
            if ((name is "key" or "rgbKey") && IsBytes(parameter.Type)
                && (ns == "System.Security.Cryptography" || Types.IsOrDerivesFrom(type, _symmetricSecurityKey)))
            {
                return SinkRole.KeyBytes;
            }

            if (name == "parameter" && SymbolEqualityComparer.Default.Equals(type, _authenticationHeader) && arguments.Length == 2
                && arguments[0].Value.ConstantValue is { HasValue: true, Value: string scheme } && string.Equals(scheme, "Basic", System.StringComparison.OrdinalIgnoreCase))
            {
                return SinkRole.BasicCredentials;
            }

            // Passwords of the framework's credential, certificate and key-derivation APIs.
            if ((name is "password" or "passphrase") && parameter.Type.SpecialType == SpecialType.System_String
                && (SymbolEqualityComparer.Default.Equals(type, _networkCredential) || ns == "System.Security.Cryptography" || ns == "System.Security.Cryptography.X509Certificates"))
            {
                return SinkRole.Password;
            }

            return SinkRole.None;
        }

        public SinkRole RoleOf(IPropertySymbol property)
        {
            if (property.Name == "Key" && IsBytes(property.Type)
                && (Types.IsOrDerivesFrom(property.ContainingType, _symmetricAlgorithm) || Types.IsOrDerivesFrom(property.ContainingType, _keyedHash)))
            {
                return SinkRole.KeyBytes;
            }

            return property.Name == "Password" && property.Type.SpecialType == SpecialType.System_String && SymbolEqualityComparer.Default.Equals(property.ContainingType, _networkCredential)
                ? SinkRole.Password
                : SinkRole.None;
        }

        private static bool IsBytes(ITypeSymbol type) =>
            type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte }
            || (type is INamedTypeSymbol { Name: "ReadOnlySpan" or "Span", TypeArguments.Length: 1 } span && span.TypeArguments[0].SpecialType == SpecialType.System_Byte);
    }
}
