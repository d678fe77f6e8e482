//! The JSON API: tokens, errors, endpoints and the OpenAPI document.

use crate::*;

#[tokio::test]
async fn api_tokens_errors_and_endpoints() {
    let app = app().await;
    let admin = app.user("quan.tri", Role::Admin, &["46"], false).await;
    let xa = app
        .user("canbo.xa", Role::CommuneOfficer, &["19900"], false)
        .await;
    let province = app
        .token(&admin, "Cổng tỉnh", Role::ProvinceOfficer, &["46"])
        .await;
    let commune = app
        .token(&admin, "Cổng xã", Role::CommuneOfficer, &["19900"])
        .await;
    let mine = app
        .person("046185000123", "Nguyễn Thị Ái Vân", "Nữ", "1985", "19900")
        .await;
    let theirs = app
        .person("046185000124", "Nguyễn Thị Bích", "Nữ", "1985", "20056")
        .await;
    let path = format!("/api/v1/persons/{}", mine.id);

    // Authentication: no token, a wrong one, a session cookie, a revoked token.
    let r = app.api("GET", &path, "", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.error_code(), "auth.missing_token");
    assert!(r.headers.contains_key(header::WWW_AUTHENTICATE));
    let r = app.api("GET", &path, "not-a-token", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.error_code(), "auth.invalid_token");
    let (cookie, _) = app.session(&xa).await;
    let r = app.get(&path, &cookie).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "no sessions on the API");
    assert_eq!(r.error_code(), "auth.missing_token");
    let (revoked, secret) = app
        .store
        .create_api_token(
            &Actor::system("test"),
            admin.id,
            "Cũ",
            Role::ProvinceOfficer,
            &["46"],
        )
        .await
        .unwrap();
    assert_eq!(
        app.api("GET", &path, &secret, None).await.status,
        StatusCode::OK
    );
    app.store
        .revoke_api_token(&Actor::system("test"), revoked.id)
        .await
        .unwrap();
    let r = app.api("GET", &path, &secret, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.error_code(), "auth.invalid_token");

    // A person, and the scope of a commune token.
    let r = app.api("GET", &path, &commune, None).await;
    assert_eq!(r.status, StatusCode::OK);
    let j = r.json();
    assert_eq!(j["full_name"], "Nguyễn Thị Ái Vân");
    assert_eq!(j["personal_id"], "046185000123");
    assert_eq!(j["sex"], "F");
    assert_eq!(j["birth_date"], "1985");
    assert_eq!(j["area"]["code"], "19900");
    let r = app
        .api(
            "GET",
            &format!("/api/v1/persons/{}", theirs.id),
            &commune,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.error_code(), "forbidden");
    assert!(!r.text().contains("Bích"));
    let r = app
        .api("GET", "/api/v1/persons/khong-phai-uuid", &commune, None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.error_code(), "not_found");
    let r = app
        .api(
            "GET",
            &format!("/api/v1/persons/{}", uuid::Uuid::now_v7()),
            &commune,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.error_code(), "not_found");

    // Search: scope filtering, forged area, unknown area, cursor paging.
    let r = app
        .api("GET", "/api/v1/persons?q=nguyen", &commune, None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let names: Vec<String> = r.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["full_name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["Nguyễn Thị Ái Vân"]);
    let r = app
        .api("GET", "/api/v1/persons?area=20056", &commune, None)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.error_code(), "forbidden");
    let r = app
        .api("GET", "/api/v1/persons?after=rac", &commune, None)
        .await;
    assert_eq!(r.error_code(), "api.bad_cursor");
    let first = app
        .api(
            "GET",
            "/api/v1/persons?q=nguyen%20thi&limit=1",
            &province,
            None,
        )
        .await
        .json();
    assert_eq!(first["items"].as_array().unwrap().len(), 1);
    let next = first["next"].as_str().expect("a next cursor").to_string();
    let second = app
        .api(
            "GET",
            &format!(
                "/api/v1/persons?q=nguyen%20thi&limit=1&after={}",
                enc(&next)
            ),
            &province,
            None,
        )
        .await
        .json();
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_ne!(second["items"][0]["id"], first["items"][0]["id"]);

    // Create: every field error at once, then success, then another commune.
    let r = app
        .api(
            "POST",
            "/api/v1/persons",
            &commune,
            Some(r#"{"personal_id": "123", "full_name": "", "sex": "F", "birth_date": "1985", "area_code": "19900"}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.error_code(), "registry.invalid");
    let fields: Vec<String> = r.json()["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect();
    assert!(
        fields.contains(&"personal_id".to_string()) && fields.contains(&"full_name".to_string()),
        "{fields:?}"
    );
    let body = r#"{"personal_id": "046185000125", "full_name": "Trần Thị Cúc", "sex": "F", "birth_date": "03/04/1985", "ethnicity": "1", "area_code": "19900", "phone": ""}"#;
    let r = app
        .api("POST", "/api/v1/persons", &commune, Some(body))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let created = r.json();
    assert_eq!(created["full_name"], "Trần Thị Cúc");
    assert_eq!(created["birth_date"], "03/04/1985");
    let r = app
        .api(
            "GET",
            &format!("/api/v1/persons/{}", created["id"].as_str().unwrap()),
            &commune,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app
        .api("POST", "/api/v1/persons", &commune, Some(body))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.error_code(), "registry.duplicate_pid");
    let r = app
        .api(
            "POST",
            "/api/v1/persons",
            &commune,
            Some(
                &body
                    .replace("046185000125", "046185000126")
                    .replace("19900", "20056"),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.error_code(), "forbidden");
    // Not JSON, JSON of the wrong shape, not sent as JSON: the body's rejections.
    for (bad, status) in [
        ("{not json", StatusCode::BAD_REQUEST),
        (r#"{"full_name": 5}"#, StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let r = app
            .api("POST", "/api/v1/persons", &commune, Some(bad))
            .await;
        assert_eq!(r.status, status, "{bad}");
        assert_eq!(r.error_code(), "bad_request");
    }
    let r = app
        .send(
            Request::builder()
                .method("POST")
                .uri("/api/v1/persons")
                .header(header::AUTHORIZATION, format!("Bearer {commune}"))
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(r.error_code(), "unsupported_media_type");
    let audit = app.audit_actions().await;
    assert!(audit.contains(&("api:Cổng xã".into(), "create".into(), "person".into())));
    assert!(audit.contains(&("api:Cổng xã".into(), "denied".into(), "person".into())));

    // Households.
    let h = app
        .store
        .create_household(
            &Actor::system("test"),
            "HO-19900-000001",
            "19900",
            "Số 1, tổ 2",
        )
        .await
        .unwrap();
    let r = app
        .api(
            "GET",
            "/api/v1/households?q=HO-19900&area=19900",
            &commune,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["items"][0]["code"], "HO-19900-000001");
    let r = app
        .api(
            "GET",
            &format!("/api/v1/households/{}", h.id),
            &commune,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let j = r.json();
    assert_eq!(j["address"], "Số 1, tổ 2");
    assert!(j["members"].as_array().unwrap().is_empty());

    // Areas.
    let r = app.api("GET", "/api/v1/areas", &commune, None).await;
    assert_eq!(r.status, StatusCode::OK);
    let areas = r.json();
    let a = areas
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "19900")
        .expect("19900 in force");
    assert_eq!(a["level"], "commune");
    assert!(a["valid_to"].is_null());
    let r = app
        .api("GET", "/api/v1/areas?level=province", &commune, None)
        .await;
    let provinces = r.json();
    assert!(
        provinces
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["code"] == "46" && a["level"] == "province")
    );
    let r = app
        .api("GET", "/api/v1/areas?level=xom", &commune, None)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.error_code(), "api.bad_level");
    let r = app
        .api("GET", "/api/v1/areas?ngay=2024-02-29", &commune, None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app
        .api("GET", "/api/v1/areas/19900/predecessors", &commune, None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.json().is_array());
    let r = app
        .api("GET", "/api/v1/areas/99999/predecessors", &commune, None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.error_code(), "registry.unknown_area");
    let r = app.api("GET", "/api/v1/areas", "", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    // What the document excludes is refused with its code. An area code that names no unit is
    // not found, as everywhere in the API (no document can say which codes exist, so it is no
    // malformed request); a cursor is what a page wrote; the page size is bounded, not
    // clamped; a day is exactly YYYY-MM-DD and a level one of three (empty is not absent); a
    // month is `yyyy-mm` and required; a year without review results is not found.
    let (bad, missing) = (StatusCode::BAD_REQUEST, StatusCode::NOT_FOUND);
    for (path, status, code) in [
        ("/persons?area=99999", missing, "registry.unknown_area"),
        (
            "/persons?after=1.019a4e3e-6f0a-7b7c-8d9e-0123456789ab.x",
            bad,
            "api.bad_cursor",
        ),
        ("/households?limit=0", bad, "api.bad_limit"),
        ("/households?limit=201", bad, "api.bad_limit"),
        ("/persons?limit=dong", bad, "bad_request"),
        ("/areas?ngay=31/12/2024", bad, "api.bad_date"),
        ("/areas?ngay=2024-2-29", bad, "api.bad_date"),
        ("/areas?ngay=2023-02-29", bad, "api.bad_date"),
        ("/areas?ngay=", bad, "api.bad_date"),
        ("/areas?level=", bad, "api.bad_level"),
        ("/payroll/runs", bad, "bad_request"),
        ("/payroll/runs?month=07/2024", bad, "month.format"),
        ("/payroll/runs?month=2024-13", bad, "month.out_of_range"),
        ("/poverty/report?year=2024", missing, "poverty.no_results"),
        ("/dossiers?open=1", bad, "bad_request"),
    ] {
        let r = app
            .api("GET", &format!("/api/v1{path}"), &commune, None)
            .await;
        assert_eq!(r.status, status, "{path}: {}", r.text());
        assert_eq!(r.error_code(), code, "{path}");
    }

    // Unknown paths under the API are JSON too.
    let r = app.api("GET", "/api/v1/khong-co", &commune, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.error_code(), "not_found");
}

#[tokio::test]
async fn openapi_document_and_docs_page() {
    let app = app().await;
    let r = app.get("/api/v1/openapi.json", "").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for (path, method) in [
        ("/api/v1/areas", "get"),
        ("/api/v1/areas/{code}/predecessors", "get"),
        ("/api/v1/persons", "get"),
        ("/api/v1/persons", "post"),
        ("/api/v1/persons/{id}", "get"),
        ("/api/v1/households", "get"),
        ("/api/v1/households/{id}", "get"),
        ("/api/v1/dossiers", "get"),
        ("/api/v1/payroll/runs", "get"),
        ("/api/v1/payroll/runs", "post"),
        ("/api/v1/payroll/runs/{id}", "get"),
        ("/api/v1/poverty/report", "get"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
    // Every error is the error body; every operation behind a token says 401, every one with a
    // JSON body the rejections of its body (the API fidelity test in ansinh-e2e checks the
    // rest against the running app).
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            for (status, r) in responses {
                if !status.starts_with('2') {
                    assert_eq!(
                        r["content"]["application/json"]["schema"]["$ref"],
                        "#/components/schemas/ErrorResponse",
                        "{method} {path} {status}"
                    );
                }
            }
            assert!(responses.contains_key("401"), "{method} {path}");
            if op["requestBody"].is_object() {
                assert!(op["requestBody"]["content"]["application/json"].is_object());
                for status in ["400", "413", "415", "422"] {
                    assert!(responses.contains_key(status), "{method} {path} {status}");
                }
            }
        }
    }
    let limit = doc["paths"]["/api/v1/persons"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "limit")
        .unwrap();
    assert_eq!(
        limit["schema"]["maximum"],
        ansinh_store::registry::search::MAX_PAGE
    );
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert!(doc["components"]["schemas"]["PersonDto"].is_object());
    assert!(doc["components"]["schemas"]["ErrorResponse"].is_object());
    assert!(
        doc["info"]["description"]
            .as_str()
            .unwrap()
            .contains("synchronously")
    );

    let r = app.get("/api/docs", "").await;
    assert!(r.status.is_redirection());
    let r = app.get("/api/docs/", "").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("swagger-ui"), "{}", r.text());
    let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("style-src 'self' 'unsafe-inline'"), "{csp}");
    assert!(
        !csp.contains("script-src"),
        "scripts only from the app: {csp}"
    );
    let r = app.get("/api/docs/swagger-initializer.js", "").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("/api/v1/openapi.json"));
    let r = app.get("/api/docs/swagger-ui-bundle.js", "").await;
    assert_eq!(r.status, StatusCode::OK, "assets served from the binary");
}
