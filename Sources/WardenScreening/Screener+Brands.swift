extension Screener {
    /// Screens a whole listing for a shop authorised for the brands `authorisedBrands` (brand
    /// codes of `brands.yaml`): as ``screen(listing:)``, and each brand named in the title, the
    /// description or the brand field that is not among them is a `counterfeit` finding for a
    /// reviewer (category `brand:<code>`).
    public func screen(listing: ScreenedListing, authorisedBrands: Set<String>) -> ScreeningResult {
        // The title is normalised straight into stack memory, with no closure around the work
        // that would hold the screener and the title (six reference counts a listing); a title
        // that does not fit takes ``withScanned(_:_:)``.
        withUnsafeTemporaryAllocation(of: NormalizedUnit.self, capacity: Normalizer.stackUnits) { space in
            guard let count = compiled.normalizer.normalize(listing.title, into: space) else {
                return withScanned(listing.title) { screen(listing, title: $0, authorisedBrands: authorisedBrands) }
            }
            let units = NormalizedText(rebasing: space[..<count])
            guard let first = firstTermOrBrandName(in: units) else {
                guard listing.isTitleOnly else {
                    return screen(listing, title: ScannedText(units: units, found: nil), authorisedBrands: authorisedBrands)
                }
                return titleOnlyResult(units)
            }
            return withScan(units, from: first) { screen(listing, title: $0, authorisedBrands: authorisedBrands) }
        }
    }

    /// As ``screen(listing:authorisedBrands:)`` for a listing of a title alone in which the scan
    /// found no term and no brand name (most listings): the findings are those of the sound
    /// channel and the composed reading, if any.
    private func titleOnlyResult(_ units: NormalizedText) -> ScreeningResult {
        // Most titles: no match by sound can begin there and no two characters compose a term's
        // character, and the title passes without the findings' machinery.
        let soundMayMatch = !units.isEmpty && compiled.sounds.mayMatch(units)
        guard soundMayMatch || composesTermCharacter(units),
            var found = findings(units: units, termOccurrences: nil, soundMayMatch: soundMayMatch)
        else {
            return ScreeningResult(decision: .pass, findings: [])
        }
        for index in found.indices { found[index].field = "title" }
        return Self.result(found)
    }

    /// As ``screen(listing:authorisedBrands:)`` for the listing's title already scanned.
    private func screen(_ listing: ScreenedListing, title: ScannedText, authorisedBrands: Set<String>) -> ScreeningResult {
        // The closures capture the fields they need, not the listing: capturing it copies all of it.
        let (category, attributes) = (listing.category, listing.attributes)
        return withScanned(listing.description) { description in
            withScanned(listing.brand) { brand in
                screen(
                    category: category, attributes: attributes, title: title, description: description, brand: brand,
                    authorisedBrands: authorisedBrands)
            }
        }
    }

    /// As ``screen(listing:authorisedBrands:)`` for the listing's fields already scanned.
    private func screen(
        category: String?, attributes: [String: String]?, title: ScannedText, description: ScannedText, brand: ScannedText,
        authorisedBrands: Set<String>
    ) -> ScreeningResult {
        var findings = goodsFindings(category: category, attributes: attributes, title: title, description: description)
        func addBrands(_ text: ScannedText, field: String, isBrandField: Bool) {
            guard let mentions = text.found?.brandNames, !mentions.isEmpty else { return }
            let named = compiled.brands.findings(in: text.units, mentions: mentions, field: field, isBrandField: isBrandField)
            // A shop authorised for none, with no findings yet (the common case): the list is taken whole.
            if authorisedBrands.isEmpty && findings == nil {
                if !named.isEmpty { findings = named }
                return
            }
            for finding in named where authorisedBrands.isEmpty || !authorisedBrands.contains(String(finding.category.dropFirst("brand:".count))) {
                Self.append(finding, to: &findings)
            }
        }
        addBrands(title, field: "title", isBrandField: false)
        addBrands(description, field: "description", isBrandField: false)
        addBrands(brand, field: "brand", isBrandField: true)
        return Self.result(findings)
    }
}
