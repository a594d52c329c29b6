using ContosoShop.Core.Orders;
using ContosoShop.Core.Payments;
using Serilog;

Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateLogger();

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton<ReceiptSigner>();
builder.Services.AddAuthentication().AddJwtBearer();

var app = builder.Build();

app.MapGet("/health", () => Results.Ok("healthy"));
app.MapPost("/orders", (Order order, ReceiptSigner signer) =>
{
    Log.Information("Order {OrderId} received for {Total}", order.Id, order.Total);
    return Results.Ok(new { order.Id, Receipt = signer.Sign(OrderSerializer.ToJson(order)) });
});

app.Run();
