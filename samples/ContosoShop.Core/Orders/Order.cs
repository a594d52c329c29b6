namespace ContosoShop.Core.Orders;

public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice);

public sealed record Order(Guid Id, string CustomerEmail, IReadOnlyList<OrderLine> Lines)
{
    public decimal Total => Lines.Sum(line => line.Quantity * line.UnitPrice);
}
