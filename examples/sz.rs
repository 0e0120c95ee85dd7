fn main() {
    use mdetui::api::model::*;
    println!("Alert {}", std::mem::size_of::<Alert>());
    println!(
        "Timestamp {}",
        std::mem::size_of::<Option<mdetui::api::model::Timestamp>>()
    );
    println!("Severity {}", std::mem::size_of::<Option<Severity>>());
    println!("AlertStatus {}", std::mem::size_of::<Option<AlertStatus>>());
    println!(
        "Classification {}",
        std::mem::size_of::<Option<Classification>>()
    );
    println!("RelatedUser {}", std::mem::size_of::<Option<RelatedUser>>());
}
