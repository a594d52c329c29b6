using ContosoShop.Core.Orders;
using ContosoShop.Core.Payments;
using Microsoft.IdentityModel.Tokens;
using Serilog;

Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateLogger();

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton<ReceiptSigner>();
builder.Services.AddAuthentication().AddJwtBearer(options =>
{
    // Deliberate findings for the sample build: PSF2043 (issuer and lifetime not validated).
    options.TokenValidationParameters = new TokenValidationParameters
    {
        ValidateIssuer = false,
        ValidateLifetime = false,
    };
});

// Deliberate finding for the sample build: PSF2042 (any origin may send credentials).
builder.Services.AddCors(cors => cors.AddPolicy("storefront", policy => policy.SetIsOriginAllowed(_ => true).AllowCredentials()));

var app = builder.Build();

app.UseCors("storefront");
app.MapGet("/health", () => Results.Ok("healthy"));
app.MapPost("/orders", (Order order, ReceiptSigner signer) =>
{
    Log.Information("Order {OrderId} received for {Total}", order.Id, order.Total);
    return Results.Ok(new { order.Id, Receipt = signer.Sign(OrderSerializer.ToJson(order)) });
});

app.Run();
