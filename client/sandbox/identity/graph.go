package identity

import "net/http"

// globalAdminRoleObjectID is the activated role's object id; real tenants
// each have their own, and nothing reads it, so one value serves all.
const globalAdminRoleObjectID = "0a1b2c3d-7e6f-4a5b-9c8d-2e1f0a9b8c7d"

// graphCall is a Graph endpoint's body, given the caller's tenant.
type graphCall func(t Tenant) any

// graph wraps a Graph endpoint with Graph's own token check: an access token
// this emulator issued for Graph (either cloud's host), answered with
// Graph's error shape when missing or wrong.
func (e *Emulator) graph(call graphCall) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, err := bearer(r)
		if err != nil {
			graphError(w, "InvalidAuthenticationToken", "Access token is empty.")
			return
		}
		c, err := e.parse(tok, kindAccess)
		if err != nil {
			graphError(w, "InvalidAuthenticationToken", err.Error())
			return
		}
		if c.Audience != GraphResource && c.Audience != GermanyGraphResource {
			graphError(w, "InvalidAuthenticationToken", "Invalid audience: the token is for "+c.Audience)
			return
		}
		t, ok := e.tenantByID(c.TenantID)
		if !ok {
			graphError(w, "InvalidAuthenticationToken", "Unknown tenant.")
			return
		}
		writeJSON(w, http.StatusOK, call(t))
	})
}

func graphError(w http.ResponseWriter, code, message string) {
	writeJSON(w, http.StatusUnauthorized, map[string]any{"error": map[string]string{"code": code, "message": message}})
}

func (e *Emulator) graphMe(t Tenant) any {
	return map[string]any{
		"@odata.context":    e.GraphRoot() + "/v1.0/$metadata#users/$entity",
		"id":                t.User.ObjectID,
		"displayName":       t.User.DisplayName,
		"userPrincipalName": t.User.Username,
		"mail":              t.User.Username,
	}
}

func (e *Emulator) graphOrganization(t Tenant) any {
	return map[string]any{
		"@odata.context": e.GraphRoot() + "/v1.0/$metadata#organization",
		"value": []map[string]any{{
			"id": t.ID, "displayName": t.Name,
			"verifiedDomains": []map[string]any{{"name": t.Domain, "isInitial": true, "isDefault": true, "type": "Managed"}},
		}},
	}
}

func (e *Emulator) graphSubscribedSKUs(t Tenant) any {
	skus := make([]map[string]any, 0, len(t.SKUs))
	for _, s := range t.SKUs {
		skus = append(skus, map[string]any{
			// Graph's id is the tenant id and the SKU id joined by an underscore.
			"id": t.ID + "_" + s.ID, "skuId": s.ID, "skuPartNumber": s.PartNumber,
			"capabilityStatus": s.CapabilityStatus, "appliesTo": "User",
		})
	}
	return map[string]any{"@odata.context": e.GraphRoot() + "/v1.0/$metadata#subscribedSkus", "value": skus}
}

func (e *Emulator) graphDirectoryRoles(t Tenant) any {
	roles := []map[string]any{}
	if t.User.GlobalAdmin {
		roles = append(roles, map[string]any{
			"@odata.type":    "#microsoft.graph.directoryRole",
			"id":             globalAdminRoleObjectID,
			"displayName":    "Global Administrator",
			"description":    "Can manage all aspects of Azure AD and Microsoft services that use Azure AD identities.",
			"roleTemplateId": GlobalAdministratorRoleTemplateID,
		})
	}
	return map[string]any{"@odata.context": e.GraphRoot() + "/v1.0/$metadata#directoryObjects", "value": roles}
}
