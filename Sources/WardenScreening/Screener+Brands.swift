extension Screener {
    /// Screens a whole listing for a shop authorised for the brands `authorisedBrands` (brand
    /// codes of `brands.yaml`): as ``screen(listing:)``, and each brand named in the title, the
    /// description or the brand field that is not among them is a `counterfeit` finding for a
    /// reviewer (category `brand:<code>`).
    public func screen(listing: ScreenedListing, authorisedBrands: Set<String>) -> ScreeningResult {
        var findings = goodsFindings(listing)
        let fields = [("title", listing.title, false), ("description", listing.description ?? "", false), ("brand", listing.brand ?? "", true)]
        for (field, text, isBrandField) in fields where !text.isEmpty {
            findings += brands.findings(in: text, field: field, isBrandField: isBrandField).filter { finding in
                !authorisedBrands.contains(String(finding.category.dropFirst("brand:".count)))
            }
        }
        return ScreeningResult(decision: findings.map(\.decision).max() ?? .pass, findings: findings)
    }
}
