using System;
using System.Text;

namespace PipelineSecurity.Benchmarks.SecretScanning;

/// <summary>
/// A deterministic corpus of realistic C# and configuration text with a sprinkling of secret-shaped values (one line in
/// about 500), built at run time so that nothing secret-shaped is committed.
/// </summary>
internal static class Corpus
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static readonly string[] CodeLines =
    {
        "using System.Collections.Generic;",
        "namespace Contoso.Shop.Orders;",
        "public sealed class OrderService(IOrderRepository repository, ILogger<OrderService> logger)",
        "{",
        "    private const string CacheKeyPrefix = \"orders:\";",
        "    public async Task<Order?> FindAsync(Guid id, CancellationToken cancellationToken)",
        "        var order = await repository.FindAsync(id, cancellationToken).ConfigureAwait(false);",
        "        logger.LogInformation(\"Order {OrderId} loaded in {Elapsed} ms\", id, stopwatch.ElapsedMilliseconds);",
        "        if (order is null) { throw new InvalidOperationException($\"Order {id} was not found.\"); }",
        "        var url = new Uri(\"https://api.contoso.com/v2/orders?page=1&size=50\");",
        "        const string PasswordPrompt = \"Enter your password\";",
        "        var connectionString = configuration.GetConnectionString(\"Shop\");",
        "        return order.Lines.Where(l => l.Quantity > 0).Sum(l => l.Price * l.Quantity);",
        "    // Placeholders like ${API_KEY} and <your-key> are documentation, not secrets.",
        "    [HttpGet(\"/orders/{id:guid}\"), Authorize(Policy = \"Orders.Read\")]",
        "}",
    };

    private static readonly string[] ConfigLines =
    {
        "{",
        "  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\", \"Microsoft.AspNetCore\": \"Warning\" } },",
        "  \"ConnectionStrings\": { \"Shop\": \"Server=(localdb)\\\\mssqllocaldb;Database=Shop;Trusted_Connection=True;\" },",
        "  \"Payments\": { \"ApiKeyHeaderName\": \"X-Api-Key\", \"ApiKey\": \"${PAYMENTS_API_KEY}\", \"TimeoutSeconds\": 30 },",
        "services:",
        "  api:",
        "    image: contoso/shop-api:1.4.2",
        "    environment:",
        "      - ASPNETCORE_ENVIRONMENT=Production",
        "      - Shop__Password=${SHOP_PASSWORD}",
        "<add key=\"ClientId\" value=\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\" />",
        "<add name=\"Shop\" connectionString=\"Data Source=.;Initial Catalog=Shop;Integrated Security=True\" />",
        "spring.datasource.url=jdbc:postgresql://db:5432/shop",
        "log.level=INFO",
        "}",
    };

    public static string Code(int bytes) => Build(CodeLines, bytes, seed: 1);

    public static string Configuration(int bytes) => Build(ConfigLines, bytes, seed: 2);

    private static string Build(string[] lines, int bytes, int seed)
    {
        var random = new Random(seed);
        var builder = new StringBuilder(bytes + 256);
        var n = 0;
        while (builder.Length < bytes)
        {
            if (++n % 500 == 0)
            {
                builder.Append(Secret(random, n / 500)).Append('\n');
                continue;
            }

            builder.Append(lines[random.Next(lines.Length)]).Append('\n');
        }

        return builder.ToString();
    }

    private static string Secret(Random random, int which) => (which % 5) switch
    {
        0 => "    private const string Token = \"" + "gh" + "p_" + Random(random, 36) + "\";",
        1 => "  \"Stripe\": { \"Key\": \"" + "sk_" + "live_" + Random(random, 28) + "\" },",
        2 => "DB_PASSWORD=" + Random(random, 18),
        3 => "    \"Shop\": \"Server=db;Database=Shop;User Id=app;Password=" + Random(random, 16) + ";\"",
        _ => "AWS_ACCESS_KEY_ID=" + "AK" + "IA" + Random(random, 16).ToUpperInvariant(),
    };

    private static string Random(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Base62[random.Next(Base62.Length)];
        }

        return new string(chars);
    }
}
